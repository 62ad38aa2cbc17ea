from django.apps import AppConfig


class LabtestsConfig(AppConfig):
    name = "phaodai.labtests"
    label = "labtests"
    verbose_name = "Xét nghiệm"
    url_prefix = "xet-nghiem/"
