"""Walking every URL of the project as a user of one commune (used by ``test_cross_jurisdiction``).

``object_routes()`` are the URLs with a record in them (``<int:person_id>``), ``list_routes()``
the others (lists, searches, exports, home). ``check_object_route`` requests a route with the
*other* commune's records (writes too: POST, PATCH, DELETE) and asserts 403/404/405, nothing of
them shown and nothing of them changed; the same route with the user's *own* records must not
be 404, so a wrong keyword mapping cannot make the walk pass by accident. ``check_list_route``
asks a list for everything, for the other commune's searches and for the other commune
(``?unit=``), and asserts that none of its secrets shows. ``check_capability`` asserts that a
route's declared capability is enforced. The records come from the test world, to which every
app contributes its own (``tests/world.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from phaodai.accounts.services import token_issue
from phaodai.audit.models import AuditEvent
from phaodai.core.access import Declared, Policy, declared_access
from phaodai.core.roles import CAPABILITIES, Capability, Role
from tests.world import World, body_of

KWARG = re.compile(r"<int:(\w+)>")
WRITES = {"post", "patch", "delete", "put"}


def _walk(
    patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback, namespaces


def declared_routes() -> list[tuple[str, Declared | None]]:
    """(route, what it declares) for every URL of the project."""
    return [(route, declared_access(view, ns)) for route, view, ns in _walk(get_resolver().url_patterns)]


def _routes(policies: set[Policy]) -> list[str]:
    return sorted(
        {
            route
            for route, declared in declared_routes()
            if declared is not None and declared.policy in policies and not route.startswith("admin/")
        }
    )


def object_routes() -> list[str]:
    return [r for r in _routes({Policy.AREA_SCOPED, Policy.LOGIN_ONLY}) if KWARG.search(r)]


def list_routes() -> list[str]:
    return [r for r in _routes({Policy.AREA_SCOPED, Policy.LOGIN_ONLY}) if not KWARG.search(r)]


def url(route: str, ids: dict[str, int]) -> str:
    return "/" + KWARG.sub(lambda m: str(ids[m.group(1)]), route).replace("\\", "")


def client_as(client: Client, user: Any, route: str) -> Client:
    if route.startswith("api/"):
        _token, key = token_issue(user=user, name="walk", audited=False)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    else:
        client.force_login(user)
    return client


def check_object_route(client: Client, world: World, route: str) -> None:
    user = world.users["own_commune"]
    client = client_as(client, user, route)
    before = world.other_state()
    audit_before = AuditEvent.objects.count()

    own_response = client.get(url(route, world.own_ids))
    other = url(route, world.other_ids)
    change = {"full_name": "Bị sửa", "phone": "0911111111", "notes": "x", "name": "x", "text": "x"}
    if route.startswith("api/"):
        writes = [
            getattr(client, method)(other, data=change, content_type="application/json")
            for method in ("post", "patch", "delete")
        ]
    else:
        writes = [client.post(other, data=change)]
    responses = [client.get(other), *writes]

    assert own_response.status_code != 404, f"own object not found at {route}: the kwarg mapping is wrong"
    for response in responses:
        assert response.status_code in (403, 404, 405), (route, response.status_code)
        assert not world.secret_visible(body_of(response)), route
    assert world.other_state() == before
    # Only the own-object GET may have written (nothing does today); never about the other commune.
    assert AuditEvent.objects.count() == audit_before


def check_list_route(client: Client, world: World, route: str) -> None:
    client = client_as(client, world.users["own_commune"], route)
    base = url(route, {})
    other_unit = world.other_ids["unit_id"]
    asked: list[dict[str, Any]] = [{}, {"unit": other_unit}]
    for query in world.searches:
        asked += [{"q": query}, {"unit": other_unit, "q": query}]

    for params in asked:
        response = client.get(base, params)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (route, params, response.status_code)
        assert not world.secret_visible(body_of(response), echoed=params.get("q", "")), (route, params)


def role_without(capability: Capability) -> Role | None:
    """A role that lacks ``capability`` (the least capable first), or None if every role has it."""
    for role in (Role.VIEWER, Role.CHECKPOINT_OFFICER, Role.COMMUNITY_MEMBER, Role.HEALTH_STAFF):
        if capability not in CAPABILITIES[role]:
            return role
    return None


def capability_cases() -> list[tuple[str, str, Capability]]:
    """(route, method, capability) of every route and method that declares a capability."""
    cases = []
    for route, declared in declared_routes():
        if declared is None or declared.policy != Policy.AREA_SCOPED or route.startswith("admin/"):
            continue
        for method, capability in declared.capabilities.items():
            if capability is not None:
                cases.append((route, "get" if method == "*" else method, capability))
    return sorted(set(cases))


def check_capability(client: Client, world: World, route: str, method: str, user: Any) -> None:
    """``user`` (in the own commune, without the capability) is refused with 403, and nothing is written."""
    client = client_as(client, user, route)
    audit_before = AuditEvent.objects.count()
    target = url(route, world.own_ids)
    if route.startswith("api/"):
        response = getattr(client, method)(target, data={}, content_type="application/json")
    else:
        response = getattr(client, method)(target)
    assert response.status_code == 403, (route, method, response.status_code)
    assert AuditEvent.objects.count() == audit_before
