"""The people endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.people import api

urlpatterns = [
    path("people/", route(api.PersonListApi, api.PersonCreateApi), name="person-list"),
    path("people/changes/", api.PersonChangesApi.as_view(), name="person-changes"),
    path("people/<int:person_id>/", route(api.PersonDetailApi, api.PersonUpdateApi), name="person-detail"),
    path("people/<int:person_id>/history/", api.PersonHistoryApi.as_view(), name="person-history"),
    path("households/", route(api.HouseholdListApi, api.HouseholdCreateApi), name="household-list"),
    path("households/changes/", api.HouseholdChangesApi.as_view(), name="household-changes"),
    path(
        "households/<int:household_id>/",
        route(api.HouseholdDetailApi, api.HouseholdUpdateApi),
        name="household-detail",
    ),
    path(
        "households/<int:household_id>/members/",
        api.HouseholdMembersApi.as_view(),
        name="household-members",
    ),
]
