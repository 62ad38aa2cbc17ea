from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "phaodai.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self) -> None:
        from phaodai.core.checks import scoped_models_check

        checks.register(scoped_models_check, checks.Tags.models)
