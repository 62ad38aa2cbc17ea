from django.apps import AppConfig


class SheetsConfig(AppConfig):
    name = "phaodai.sheets"
    label = "sheets"
    verbose_name = "Bảng tính"
