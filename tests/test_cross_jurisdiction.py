"""Project-wide proof that a commune user gets nothing of another commune, on every URL.

Walks every URL of the project (pages and API). Each URL with an object in it is requested with
the *other* commune's object (its unit, person, household, duplicate pair): the answer must be 403,
404 or 405, and the other commune's records must be unchanged. The same URL with the user's *own*
objects must not be 404, so a wrong kwarg mapping cannot make this test pass by accident. Each URL
without an object (lists, search, exports, home) must not show the other commune's person anywhere,
also when asked to narrow to the other commune with ``?unit=``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from phaodai.audit.models import AuditEvent
from phaodai.core.access import Policy
from phaodai.core.tests.test_access_policy import all_views
from phaodai.people.enums import Sex
from phaodai.people.models import DuplicateCandidate, Person
from phaodai.people.services import household_create, person_create

SECRET_NAME = "Sùng Thị Bí Mật"
SECRET_ID = "010190001234"
SECRET_PHONE = "0987654321"

_KWARG = re.compile(r"<int:(\w+)>")


def _people_pair(actor: Any, unit: Any, name: str, national_id: str, phone: str) -> dict[str, Any]:
    household, _ = household_create(actor=actor, unit=unit, code=f"HO-{national_id[-4:]}", address="Thôn")
    first, _ = person_create(
        actor=actor,
        full_name=name,
        sex=Sex.FEMALE,
        birth_date=dt.date(1990, 3, 4),
        national_id=national_id,
        phone=phone,
        residence_unit=unit,
        household=household,
    )
    # The same woman entered again without diacritics: a duplicate candidate of the first.
    second, _ = person_create(
        actor=actor,
        full_name=name.replace("ù", "u").replace("í", "i").replace("ậ", "a"),
        sex=Sex.FEMALE,
        birth_date=dt.date(1990, 3, 4),
        phone=phone,
        residence_unit=unit,
    )
    candidate = DuplicateCandidate.objects.get(first=min(first, second, key=lambda p: p.pk))
    return {
        "unit_id": unit.pk,
        "person_id": first.pk,
        "household_id": household.pk,
        "candidate_id": candidate.pk,
        "first_id": first.pk,
        "second_id": second.pk,
    }


@pytest.fixture
def world(units, system_admin, commune_leader):
    own = _people_pair(system_admin, units["Thôn Bản Phố 1"], "Giàng Thị Mỷ", "010190005678", "0912345678")
    own["unit_id"] = units["Xã Bản Phố"].pk
    other = _people_pair(system_admin, units["Thôn Lùng Phình"], SECRET_NAME, SECRET_ID, SECRET_PHONE)
    other["unit_id"] = units["Xã Lùng Phình"].pk
    return {"own": own, "other": other, "user": commune_leader}


def _routes(policies: set[Policy]) -> list[str]:
    return sorted(
        {
            route
            for route, _view, policy in all_views()
            if policy in policies and not route.startswith("admin/")
        }
    )


def _url(route: str, ids: dict[str, int]) -> str:
    return "/" + _KWARG.sub(lambda m: str(ids[m.group(1)]), route).replace("\\", "")


def _client(client, user, route: str):
    if route.startswith("api/"):
        token = Token.objects.create(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    else:
        client.force_login(user)
    return client


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _secret_visible(body: bytes, echoed: str = "") -> bool:
    """Whether the other commune's person shows. A search box echoes its own query back, so a
    marker equal to the query is not evidence; the person's name would still show in a result."""
    text = body.decode("utf-8", errors="replace")
    markers = {SECRET_NAME, "Sung Thi Bi Mat", SECRET_ID, SECRET_PHONE} - {echoed}
    return any(marker in text for marker in markers)


def _other_records_state(other: dict[str, int]) -> list[Any]:
    people = list(
        Person.objects.filter(pk__in=[other["first_id"], other["second_id"]])
        .order_by("pk")
        .values_list("full_name", "phone", "national_id", "merged_into", "household", "notes")
    )
    candidate = DuplicateCandidate.objects.filter(pk=other["candidate_id"]).values_list("status", flat=True)
    return [people, list(candidate)]


OBJECT_ROUTES = [r for r in _routes({Policy.AREA_SCOPED, Policy.LOGIN_ONLY}) if _KWARG.search(r)]
LIST_ROUTES = [r for r in _routes({Policy.AREA_SCOPED, Policy.LOGIN_ONLY}) if not _KWARG.search(r)]


def test_the_walk_covers_the_project():
    assert len(OBJECT_ROUTES) >= 10
    assert len(LIST_ROUTES) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_another_communes_object_is_out_of_reach(client, world, route):
    user, own, other = world["user"], world["own"], world["other"]
    client = _client(client, user, route)
    before = _other_records_state(other)
    audit_before = AuditEvent.objects.count()

    own_response = client.get(_url(route, own))
    url = _url(route, other)
    change = {"full_name": "Bị sửa", "phone": "0911111111", "notes": "x"}
    if route.startswith("api/"):
        writes = [
            getattr(client, m)(url, data=change, content_type="application/json")
            for m in ("post", "patch", "delete")
        ]
    else:
        writes = [client.post(url, data=change)]
    responses = [client.get(url), *writes]

    assert own_response.status_code != 404, f"own object not found at {route}: the kwarg mapping is wrong"
    for response in responses:
        assert response.status_code in (403, 404, 405), (route, response.status_code)
        assert not _secret_visible(_body(response)), route
    assert _other_records_state(other) == before
    # Only the own-object GET may have written (nothing does today); never about the other commune.
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
@pytest.mark.parametrize("route", LIST_ROUTES)
def test_lists_and_searches_never_show_another_commune(client, world, route):
    user, other = world["user"], world["other"]
    client = _client(client, user, route)
    base = _url(route, {})

    asked = [
        {},
        {"q": "sung thi bi mat"},
        {"q": SECRET_ID},
        {"q": SECRET_PHONE},
        {"unit": other["unit_id"]},
        {"unit": other["unit_id"], "q": "bi mat"},
    ]

    for params in asked:
        response = client.get(base, params)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (route, params, response.status_code)
        assert not _secret_visible(_body(response), echoed=params.get("q", "")), (route, params)


@pytest.mark.django_db
def test_the_secret_person_is_visible_to_their_own_district(client, world, district_leader):
    """Positive control: the markers the walk looks for do appear where they should."""
    client.force_login(district_leader)

    response = client.get("/nhan-khau/", {"q": "sung thi bi mat"})

    assert response.status_code == 200
    assert _secret_visible(_body(response))
