from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "phaodai.areas"
    label = "areas"
    verbose_name = "Địa bàn"
    nav_section = "residents"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "dia-ban/"
