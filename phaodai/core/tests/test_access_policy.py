"""Every URL declares its access policy; an undeclared view is refused at run time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from phaodai.core.access import Policy, policy_of
from phaodai.core.middleware import AccessPolicyMiddleware


def _walk(
    patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, namespaces


def all_views() -> list[tuple[str, Any, Policy | None]]:
    """(route, view, policy) for every URL of the project."""
    return [(route, view, policy_of(view, ns)) for route, view, ns in _walk(get_resolver().url_patterns)]


def test_every_view_declares_an_access_policy():
    undeclared = [route for route, _view, policy in all_views() if policy is None]

    assert undeclared == []


def test_only_login_and_utility_pages_are_public():
    public = sorted(route for route, _view, policy in all_views() if policy == Policy.PUBLIC)

    assert all(
        any(
            marker in route
            for marker in (
                *("dang-nhap", "healthz", "ngon-ngu", "api/schema", "api/docs", "api/v1/token"),
                # requests_desk: the residents' form and receipt (no login, rate-limited)
                *("yeu-cau/gui/", "yeu-cau/tra-cuu/", "yeu-cau/bien-nhan/"),
                # announcements: a unit's public situation page and its announcements' audio
                "cong-khai",
                # homecare: the personal monitoring sheet of a case at home
                "phieu-cua-toi",
            )
        )
        for route in public
    ), public


def test_middleware_refuses_a_view_without_policy(rf: RequestFactory):
    def undeclared_view(request):
        raise AssertionError("must not run")

    middleware = AccessPolicyMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]

    response = middleware.process_view(rf.get("/x"), undeclared_view, (), {})

    assert response is not None
    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login_for_a_scoped_page(client):
    response = client.get("/")

    assert response.status_code == 302
    assert "/dang-nhap" in response["Location"]
