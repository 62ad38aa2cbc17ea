"""The counts endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.counts import api

urlpatterns = [
    path("counts/", api.FiguresApi.as_view(), name="count-figures"),
    path("counts/indicators/", api.IndicatorListApi.as_view(), name="indicator-list"),
]
