from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "phaodai.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo và nhiệm vụ"
    nav_section = "command"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "chi-dao/"
