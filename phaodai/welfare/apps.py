from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "phaodai.welfare"
    label = "welfare"
    verbose_name = "An sinh xã hội khi giãn cách"
    nav_section = "command"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "an-sinh/"
