from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "phaodai.alerts"
    label = "alerts"
    verbose_name = "Cảnh báo"
    url_prefix = "canh-bao/"
