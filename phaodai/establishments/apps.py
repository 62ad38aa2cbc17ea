from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "phaodai.establishments"
    label = "establishments"
    verbose_name = "Cơ sở, doanh nghiệp, trường học"
    url_prefix = "co-so/"
