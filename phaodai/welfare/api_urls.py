"""Welfare's endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.welfare import api

urlpatterns = [
    path(
        "welfare/households/",
        route(api.VulnerableListApi, api.VulnerableCreateApi),
        name="welfare-household-list",
    ),
    path(
        "welfare/households/<int:vulnerable_id>/",
        route(api.VulnerableDetailApi, api.VulnerableUpdateApi),
        name="welfare-household-detail",
    ),
    path("welfare/packages/", api.PackageListApi.as_view(), name="welfare-package-list"),
    path(
        "welfare/deliveries/",
        route(api.DeliveryListApi, api.DeliveryCreateApi),
        name="welfare-delivery-list",
    ),
]
