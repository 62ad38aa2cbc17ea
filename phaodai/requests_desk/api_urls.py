"""The request desk's endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.requests_desk import api

urlpatterns = [
    path("requests/", route(api.RequestListApi, api.RequestCreateApi), name="request-list"),
    path(
        "requests/<int:request_id>/", route(api.RequestDetailApi, api.RequestUpdateApi), name="request-detail"
    ),
]
