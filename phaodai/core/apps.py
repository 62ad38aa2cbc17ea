from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phaodai.core"
    label = "core"
    verbose_name = "Lõi"
