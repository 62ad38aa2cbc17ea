from django.apps import AppConfig


class LabtestsConfig(AppConfig):
    name = "phaodai.labtests"
    label = "labtests"
    verbose_name = "Xét nghiệm"
    nav_section = "health"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "xet-nghiem/"
