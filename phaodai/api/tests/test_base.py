"""The API base classes refuse endpoints that could read around the jurisdiction."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from phaodai.accounts.tests.factories import make_user
from phaodai.api.base import LoginOnlyAPIView, PublicAPIView, ScopedAPIView, route
from phaodai.api.permissions import HasCapability
from phaodai.core.access import Policy
from phaodai.core.roles import Capability, Role
from phaodai.people.models import Person


def _selector_with_user(*, user: Any, query: str = "") -> Any:
    return (user, query)


def _selector_without_user(*, query: str = "") -> Any:
    return query


def _selector_with_positional_user(user: Any) -> Any:
    return user


def test_a_scoped_endpoint_may_not_declare_a_queryset():
    with pytest.raises(ImproperlyConfigured, match=r"Leaky\.queryset: scoped endpoints read only through"):

        class Leaky(ScopedAPIView):
            queryset = Person.objects.all()


@pytest.mark.parametrize("name", ["get_queryset", "get_object"])
def test_a_scoped_endpoint_may_not_define_its_own_fetch_methods(name):
    with pytest.raises(ImproperlyConfigured, match=rf"Leaky\.{name}:"):
        type("Leaky", (ScopedAPIView,), {name: lambda self: Person.objects.all()})


@pytest.mark.parametrize("attribute", ["selector", "fetch"])
@pytest.mark.parametrize("function", [_selector_without_user, _selector_with_positional_user])
def test_a_selector_or_fetch_must_take_a_keyword_only_user(attribute, function):
    with pytest.raises(ImproperlyConfigured, match="keyword-only `user` parameter"):
        type("Unscoped", (ScopedAPIView,), {attribute: function})


def test_get_scoped_queryset_passes_the_requesting_user(rf: RequestFactory):
    class Listing(ScopedAPIView):
        selector = _selector_with_user

    view: Any = Listing()  # given a plain Django request with a stand-in user, not DRF's
    view.request = rf.get("/")
    view.request.user = "the user"

    assert view.get_scoped_queryset(query="an") == ("the user", "an")


def test_get_scoped_object_without_fetch_is_a_configuration_error(rf: RequestFactory):
    class Nothing(ScopedAPIView):
        pass

    view: Any = Nothing()  # given a plain Django request, not DRF's
    view.request = rf.get("/")

    with pytest.raises(ImproperlyConfigured, match="Nothing declares no fetch function"):
        view.get_scoped_object(person_id=1)
    with pytest.raises(ImproperlyConfigured, match="Nothing declares no selector"):
        view.get_scoped_queryset()


def test_bases_declare_their_policies():
    assert ScopedAPIView.access_policy == Policy.AREA_SCOPED
    assert LoginOnlyAPIView.access_policy == Policy.LOGIN_ONLY
    assert PublicAPIView.access_policy == Policy.PUBLIC
    assert HasCapability in ScopedAPIView.permission_classes


class _Reader(ScopedAPIView):
    @extend_schema(operation_id="test_read", responses={200: None})
    def get(self, request):
        return Response({"by": "reader"})


class _Writer(ScopedAPIView):
    required_capability = Capability.EDIT_PEOPLE

    @extend_schema(operation_id="test_write", responses={200: None})
    def post(self, request):
        return Response({"by": "writer"})


class _Opener(PublicAPIView):
    @extend_schema(operation_id="test_open", responses={200: None})
    def put(self, request):
        return Response({"by": "opener"})


def _as(user, request):
    force_authenticate(request, user=user)
    return request


def test_route_sends_each_method_to_its_class(commune_leader):
    view = route(_Reader, _Writer)
    get = _as(commune_leader, APIRequestFactory().get("/"))
    post = _as(commune_leader, APIRequestFactory().post("/", {}, format="json"))

    got = view(get)
    posted = view(post)

    assert got.data == {"by": "reader"}
    assert posted.data == {"by": "writer"}
    assert got["Allow"] == "GET, POST, OPTIONS, HEAD"


def test_route_answers_an_unknown_method_with_405_json(commune_leader):
    request = _as(commune_leader, APIRequestFactory().delete("/"))

    response = route(_Reader, _Writer)(request)

    assert response.status_code == 405
    assert response.data == {
        "error": {"code": "method_not_allowed", "message": "Phương thức này không được hỗ trợ ở địa chỉ này."}
    }


def test_route_checks_each_class_permissions(units):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])
    get = _as(viewer, APIRequestFactory().get("/"))
    post = _as(viewer, APIRequestFactory().post("/", {}, format="json"))

    assert route(_Reader, _Writer)(get).status_code == 200
    assert route(_Reader, _Writer)(post).status_code == 403


def test_route_declares_the_least_strict_policy_of_its_classes():
    assert route(_Reader, _Writer).access_policy == Policy.AREA_SCOPED
    assert route(_Reader, _Opener).access_policy == Policy.PUBLIC


def test_route_refuses_two_classes_for_one_method():
    with pytest.raises(ImproperlyConfigured, match="both _Reader and _Reader2 handle get"):
        route(_Reader, type("_Reader2", (_Reader,), {}))
