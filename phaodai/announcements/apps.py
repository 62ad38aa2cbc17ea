from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "phaodai.announcements"
    label = "announcements"
    verbose_name = "Thông báo, truyền thanh"
    nav_section = "command"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "thong-bao/"
