from django.apps import AppConfig


class ViolationsConfig(AppConfig):
    name = "phaodai.violations"
    label = "violations"
    verbose_name = "Vi phạm phòng dịch"
    nav_section = "enforcement"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "vi-pham/"
