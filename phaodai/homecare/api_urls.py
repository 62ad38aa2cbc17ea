"""The home-care endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.homecare import api

urlpatterns = [
    path(
        "homecare/cases/<int:case_id>/entries/",
        route(api.EntryListApi, api.EntryCreateApi),
        name="homecare-entry-list",
    ),
    path(
        "homecare/entries/<int:entry_id>/",
        route(api.EntryDetailApi, api.EntryUpdateApi),
        name="homecare-entry-detail",
    ),
]
