from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "phaodai.audit"
    label = "audit"
    verbose_name = "Nhật ký"
