"""The areas endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.areas import api

urlpatterns = [
    path("units/", api.UnitListApi.as_view(), name="unit-list"),
    path("units/<int:unit_id>/", api.UnitDetailApi.as_view(), name="unit-detail"),
    path("units/<int:unit_id>/population/", api.UnitPopulationApi.as_view(), name="unit-population"),
]
