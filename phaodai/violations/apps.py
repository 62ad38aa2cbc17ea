from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "phaodai.violations"
    label = "violations"
    verbose_name = "Vi phạm phòng dịch"
    url_prefix = "vi-pham/"
