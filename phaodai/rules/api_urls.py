"""The rules endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.rules import api

urlpatterns = [
    path("rules/", route(api.RuleSetListApi, api.RuleSetCreateApi), name="rule-set-list"),
    path("rules/in-force/", api.RuleInForceApi.as_view(), name="rule-in-force"),
    path("rules/<str:rule_code>/", route(api.RuleSetDetailApi, api.RuleSetUpdateApi), name="rule-set-detail"),
]
