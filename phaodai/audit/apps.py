from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "phaodai.audit"
    label = "audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        # Every app's event types (its events.py), so any audit row can be rendered anywhere.
        autodiscover_modules("events")
