"""Every API v1 endpoint refuses anonymous requests (except obtaining a token).

The test walks the URL resolver, so a new endpoint is covered the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from phaodai.api.base import BaseAPIView, ScopedAPIView
from phaodai.api.tests.clients import anonymous_client
from phaodai.api.tests.schema import assert_matches_schema, operation_id_for
from phaodai.core.access import Policy

PUBLIC = {("/api/v1/token/", "POST")}
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def api_v1_endpoints() -> list[tuple[str, str, Any]]:
    """(route, HTTP method, view callback) of every endpoint under /api/v1/."""
    found: list[tuple[str, str, Any]] = []
    for route, callback in _walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        view_class = getattr(callback, "cls", None)
        assert view_class is not None, f"{route} is not a DRF view"
        found.extend(
            ("/" + route, method, callback)
            for method in view_class().allowed_methods
            if method not in ("OPTIONS", "HEAD")
        )
    return found


def _url(route: str) -> str:
    return _PARAMETER.sub("1", route)


def _template(route: str) -> str:
    return _PARAMETER.sub(lambda m: "{" + m["name"] + "}", route)


ENDPOINTS = api_v1_endpoints()


def test_the_walk_finds_the_endpoints():
    routes = {(route, method) for route, method, _view in ENDPOINTS}

    assert {
        ("/api/v1/token/", "POST"),
        ("/api/v1/token/", "DELETE"),
        ("/api/v1/me/", "GET"),
        ("/api/v1/people/", "GET"),
        ("/api/v1/people/", "POST"),
        ("/api/v1/people/<int:person_id>/", "GET"),
        ("/api/v1/people/<int:person_id>/", "PATCH"),
        ("/api/v1/people/<int:person_id>/history/", "GET"),
        ("/api/v1/households/", "GET"),
        ("/api/v1/households/", "POST"),
        ("/api/v1/households/<int:household_id>/", "GET"),
        ("/api/v1/households/<int:household_id>/", "PATCH"),
        ("/api/v1/households/<int:household_id>/members/", "GET"),
    } <= routes


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), [(r, m) for r, m, _v in ENDPOINTS if (r, m) not in PUBLIC])
def test_every_endpoint_answers_401_to_an_anonymous_request(route, method):
    response = anonymous_client().generic(method, _url(route), "{}", content_type="application/json")

    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "not_authenticated", "message": "Cần đăng nhập hoặc mã truy cập hợp lệ."}
    }
    operation_id = operation_id_for(_template(route), method)
    assert operation_id is not None, f"{method} {route} is missing from docs/openapi.yaml"
    assert_matches_schema(response, operation_id)


@pytest.mark.parametrize(("route", "method", "view"), ENDPOINTS)
def test_every_endpoint_is_built_on_the_api_base(route, method, view):
    view_class = view.cls

    assert issubclass(view_class, BaseAPIView), route
    actions = getattr(view_class, "actions", {}) or {method.lower(): view_class}
    action = actions[method.lower()]
    if action.access_policy == Policy.AREA_SCOPED:
        assert issubclass(action, ScopedAPIView), f"{method} {route}: {action.__name__}"
    assert (route, method) in PUBLIC or action.access_policy != Policy.PUBLIC
