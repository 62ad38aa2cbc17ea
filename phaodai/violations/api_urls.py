"""The violations endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.violations import api

urlpatterns = [
    path("violations/", route(api.ViolationListApi, api.ViolationCreateApi), name="violation-list"),
    path(
        "violations/<int:violation_id>/",
        route(api.ViolationDetailApi, api.ViolationUpdateApi),
        name="violation-detail",
    ),
]
