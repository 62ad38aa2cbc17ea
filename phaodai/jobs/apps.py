from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "phaodai.jobs"
    label = "jobs"
    verbose_name = "Việc chạy nền"
    nav_section = "system"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "viec/"
