from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phaodai.web"
    label = "web"
    verbose_name = "Giao diện"
    url_prefix = ""
