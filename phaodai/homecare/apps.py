from django.apps import AppConfig


class HomecareConfig(AppConfig):
    name = "phaodai.homecare"
    label = "homecare"
    verbose_name = "Theo dõi F0 tại nhà"
    nav_section = "health"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "theo-doi-tai-nha/"
