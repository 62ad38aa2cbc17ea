from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "phaodai.rules"
    label = "rules"
    verbose_name = "Quy định chuyên môn"
    nav_section = "system"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "quy-dinh/"
