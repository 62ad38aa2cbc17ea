"""Project-wide proof that a commune user gets nothing of another commune, on every URL.

Walks every URL of the project (pages and API) with the records every app contributes to the
test world (``tests/world.py``, ``tests/walk.py``): each URL with a record in it is requested
with the *other* commune's record, each list and search is asked for the other commune, and
each declared capability is checked against a role that lacks it. A new app's pages and
endpoints are walked with its own records as soon as it registers them.
"""

from __future__ import annotations

import pytest

from phaodai.accounts.tests.factories import make_user
from tests.walk import (
    capability_cases,
    check_capability,
    check_list_route,
    check_object_route,
    list_routes,
    object_routes,
    role_without,
)
from tests.world import body_of

OBJECT_ROUTES = object_routes()
LIST_ROUTES = list_routes()
# Viewing the registry is every role's: there is no one to refuse, so those routes are not cases.
CAPABILITY_CASES = [case for case in capability_cases() if role_without(case[2]) is not None]


def test_the_walk_covers_the_project():
    assert len(OBJECT_ROUTES) >= 10
    assert len(LIST_ROUTES) >= 10
    assert len(CAPABILITY_CASES) >= 15


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_another_communes_object_is_out_of_reach(client, world, route):
    check_object_route(client, world, route)


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIST_ROUTES)
def test_lists_and_searches_never_show_another_commune(client, world, route):
    check_list_route(client, world, route)


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "capability"), CAPABILITY_CASES)
def test_a_declared_capability_is_enforced(client, world, route, method, capability):
    role = role_without(capability)
    assert role is not None
    user = make_user(role=role, home_unit=world.units["Xã Bản Phố"])

    check_capability(client, world, route, method, user)


@pytest.mark.django_db
def test_the_capability_check_can_fail(client, world):
    """Positive control: the own commune's leader has the capabilities, so the check refuses them."""
    with pytest.raises(AssertionError):
        check_capability(client, world, "nhan-khau/trung-lap/", "get", world.users["own_commune"])


@pytest.mark.django_db
def test_the_secret_person_is_visible_to_their_own_district(client, world):
    """Positive control: the markers the walk looks for do appear where they should."""
    client.force_login(world.users["parent_district"])

    response = client.get("/nhan-khau/", {"q": world.searches[0]})

    assert response.status_code == 200
    assert world.secret_visible(body_of(response))
