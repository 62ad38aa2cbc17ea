from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "phaodai.alerts"
    label = "alerts"
    verbose_name = "Cảnh báo"
    nav_section = ""  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "canh-bao/"
