"""The establishments endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.establishments import api

urlpatterns = [
    path(
        "establishments/",
        route(api.EstablishmentListApi, api.EstablishmentCreateApi),
        name="establishment-list",
    ),
    path(
        "establishments/<int:establishment_id>/",
        route(api.EstablishmentDetailApi, api.EstablishmentUpdateApi),
        name="establishment-detail",
    ),
]
