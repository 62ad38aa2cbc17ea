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
    *(
        path(f"announcements/<int:announcement_id>/{step}/", view.as_view(), name=f"announcement-{step}")
        for step, view in (
            ("submit", api.AnnouncementSubmitApi),
            ("approve", api.AnnouncementApproveApi),
            ("publish", api.AnnouncementPublishApi),
            ("withdraw", api.AnnouncementWithdrawApi),
        )
    ),
]
