from django.apps import AppConfig


class CountsConfig(AppConfig):
    name = "phaodai.counts"
    label = "counts"
    verbose_name = "Số liệu theo ngày"
    url_prefix = "so-lieu/"
