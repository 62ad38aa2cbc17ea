"""The announcements endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.announcements import api
from phaodai.api.base import route

urlpatterns = [
    path(
        "announcements/", route(api.AnnouncementListApi, api.AnnouncementCreateApi), name="announcement-list"
    ),
    path(
        "announcements/<int:announcement_id>/",
        route(api.AnnouncementDetailApi, api.AnnouncementUpdateApi),
        name="announcement-detail",
    ),
]
