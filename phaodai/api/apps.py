from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "phaodai.api"
    label = "api"
    verbose_name = "API"
