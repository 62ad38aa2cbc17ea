from django.apps import AppConfig


class TallyAppConfig(AppConfig):
    """A test-only app that keeps counts as a real app does: a record, a service, ``indicators.py``."""

    name = "phaodai.counts.tests.tallyapp"
    label = "counts_tallyapp"
    verbose_name = "Đếm thử"
    default_auto_field = "django.db.models.BigAutoField"
