from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "phaodai.areas"
    label = "areas"
    verbose_name = "Địa bàn"
    url_prefix = "dia-ban/"
