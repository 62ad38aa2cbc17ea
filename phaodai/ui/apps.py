from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "phaodai.ui"
    label = "ui"
    verbose_name = "Thành phần giao diện"
