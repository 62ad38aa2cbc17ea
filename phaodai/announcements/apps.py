from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "phaodai.announcements"
    label = "announcements"
    verbose_name = "Thông báo, truyền thanh"
    url_prefix = "thong-bao/"
