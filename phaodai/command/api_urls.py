"""The command endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.command import api

urlpatterns = [
    path("command/centres/", route(api.CentreListApi, api.CentreCreateApi), name="command-centre-list"),
    path(
        "command/centres/<int:centre_id>/",
        route(api.CentreDetailApi, api.CentreUpdateApi),
        name="command-centre-detail",
    ),
    path(
        "command/centres/<int:centre_id>/on-duty/",
        api.CentreOnDutyApi.as_view(),
        name="command-centre-on-duty",
    ),
    path("command/members/", route(api.MemberListApi, api.MemberCreateApi), name="command-member-list"),
    path(
        "command/members/<int:member_id>/",
        route(api.MemberDetailApi, api.MemberUpdateApi),
        name="command-member-detail",
    ),
    path("command/shifts/", route(api.ShiftListApi, api.ShiftCreateApi), name="command-shift-list"),
    path(
        "command/shifts/<int:shift_id>/",
        route(api.ShiftDetailApi, api.ShiftUpdateApi),
        name="command-shift-detail",
    ),
]
