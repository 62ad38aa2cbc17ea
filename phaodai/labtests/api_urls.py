"""The testing endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.labtests import api

urlpatterns = [
    path("test-sessions/", route(api.SessionListApi, api.SessionCreateApi), name="test-session-list"),
    path(
        "test-sessions/<int:session_id>/",
        route(api.SessionDetailApi, api.SessionUpdateApi),
        name="test-session-detail",
    ),
    path("samples/", api.SampleCreateApi.as_view(), name="sample-list"),
    path("samples/<int:sample_id>/", api.SampleDetailApi.as_view(), name="sample-detail"),
    path("samples/<int:sample_id>/result/", api.SampleResultApi.as_view(), name="sample-result"),
    path("test-results/", api.ResultListApi.as_view(), name="test-result-list"),
    path("test-results/changes/", api.ResultChangesApi.as_view(), name="test-result-changes"),
    path(
        "test-results/<int:result_id>/",
        route(api.ResultDetailApi, api.ResultUpdateApi, api.ResultDeleteApi),
        name="test-result-detail",
    ),
    path("case-proposals/", api.ProposalListApi.as_view(), name="case-proposal-list"),
    path("case-proposals/<int:proposal_id>/", api.ProposalDetailApi.as_view(), name="case-proposal-detail"),
]
