from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "phaodai.establishments"
    label = "establishments"
    verbose_name = "Cơ sở, doanh nghiệp, trường học"
    nav_section = "enforcement"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "co-so/"
