"""The cases endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.cases import api

urlpatterns = [
    path("cases/", route(api.CaseListApi, api.CaseCreateApi), name="case-list"),
    path("cases/due/", api.CaseDueApi.as_view(), name="case-due"),
    path(
        "cases/<int:case_id>/",
        route(api.CaseDetailApi, api.CaseUpdateApi, api.CaseDeleteApi),
        name="case-detail",
    ),
    path("cases/<int:case_id>/severity/", api.CaseSeverityApi.as_view(), name="case-severity"),
    path("cases/<int:case_id>/transfer/", api.CaseTransferApi.as_view(), name="case-transfer"),
    path("cases/<int:case_id>/close/", api.CaseCloseApi.as_view(), name="case-close"),
    path(
        "case-proposals/<int:proposal_id>/confirm/",
        api.CaseConfirmApi.as_view(),
        name="case-proposal-confirm",
    ),
    path("facilities/", api.FacilityListApi.as_view(), name="facility-list"),
    path("facilities/<int:facility_id>/", api.FacilityDetailApi.as_view(), name="facility-detail"),
]
