from django.apps import AppConfig


class CountsConfig(AppConfig):
    name = "phaodai.counts"
    label = "counts"
    verbose_name = "Số liệu theo ngày"
    nav_section = "system"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "so-lieu/"
