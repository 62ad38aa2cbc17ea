from django.apps import AppConfig


class KindAppConfig(AppConfig):
    """A test-only app that declares a rule kind, as a consuming app does (``rule_kinds.py``)."""

    name = "phaodai.rules.tests.kindapp"
    label = "rules_kindapp"
    verbose_name = "Loại quy định thử"
