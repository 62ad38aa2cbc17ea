from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phaodai.web"
    label = "web"
    verbose_name = "Giao diện"
    nav_section = ""  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = ""
