"""API lists count up to a cap; offline clients follow a change feed with an opaque token."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.utils import timezone

from phaodai.api.sync import decode_token, encode_token
from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import SCHEMA_FILE, assert_matches_schema
from phaodai.core.pagination import CappedPaginator
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

LIST, CHANGES = "/api/v1/people/", "/api/v1/people/changes/"


@pytest.fixture
def villagers(units):
    return [
        make_person(residence_unit=units["Thôn Bản Phố 1"], full_name=f"Giàng A Lử {number}")
        for number in range(5)
    ]


def test_a_list_counts_no_further_than_the_cap(commune_leader, villagers, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    client = token_client(commune_leader)

    first = client.get(LIST, {"page_size": 2})
    past_the_cap = client.get(LIST, {"page_size": 2, "page": 3})

    assert first.status_code == 200
    assert_matches_schema(first, "person_list")
    assert (first.json()["count"], first.json()["count_capped"]) == (3, True)
    assert past_the_cap.status_code == 404
    monkeypatch.setattr(CappedPaginator, "cap", 1000)
    assert (client.get(LIST).json()["count"], client.get(LIST).json()["count_capped"]) == (5, False)


def _names(response) -> list[str]:
    return [row["full_name"] for row in response.json()["results"]]


def test_the_change_feed_pages_by_change_time_then_id_and_sees_later_edits(commune_leader, villagers, units):
    client = token_client(commune_leader)
    make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào A Sử")  # another commune

    first = client.get(CHANGES, {"page_size": 3})
    rest = client.get(CHANGES, {"since": first.json()["next_since"], "page_size": 3})
    caught_up = client.get(CHANGES, {"since": rest.json()["next_since"]})
    villagers[1].notes = "Đã tiêm mũi 3"
    villagers[1].save(update_fields=["notes", "updated_at"])
    edited = client.get(CHANGES, {"since": rest.json()["next_since"]})

    assert_matches_schema(first, "person_changes")
    assert (_names(first), first.json()["has_more"]) == (
        ["Giàng A Lử 0", "Giàng A Lử 1", "Giàng A Lử 2"],
        True,
    )
    assert (_names(rest), rest.json()["has_more"]) == (["Giàng A Lử 3", "Giàng A Lử 4"], False)
    assert (_names(caught_up), caught_up.json()["next_since"]) == ([], rest.json()["next_since"])
    assert _names(edited) == ["Giàng A Lử 1"]


def test_the_feed_includes_records_merged_away_so_the_phone_learns_where_they_went(commune_leader, villagers):
    villagers[0].merged_into = villagers[1]
    villagers[0].save(update_fields=["merged_into", "updated_at"])

    rows = token_client(commune_leader).get(CHANGES).json()["results"]

    assert {row["full_name"]: row["merged_into"] for row in rows}["Giàng A Lử 0"] == villagers[1].pk


def test_rows_changed_in_the_last_seconds_wait_for_the_next_call(commune_leader, villagers, settings):
    settings.PHAODAI_SYNC_SETTLE_SECONDS = 60
    Person.objects.unscoped().filter(pk=villagers[0].pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=5)
    )

    assert _names(token_client(commune_leader).get(CHANGES)) == ["Giàng A Lử 0"]


@pytest.mark.parametrize("since", ["abc", encode_token(dt.datetime(2026, 1, 1), 1), "x" * 300])  # noqa: DTZ001
def test_a_token_that_is_not_ours_is_a_field_error(commune_leader, since):
    response = token_client(commune_leader).get(CHANGES, {"since": since})

    assert response.status_code == 400
    assert_matches_schema(response, "person_changes")
    assert list(response.json()["error"]["fields"]) == ["since"]


def test_a_token_round_trips():
    moment = dt.datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)

    assert decode_token(encode_token(moment, 77)) == (moment, 77)


def test_the_schema_lists_the_people_error_codes_on_people_writes():
    document = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    people_error = document["components"]["schemas"]["PeopleErrorDetail"]["properties"]["codes"]
    enum = people_error["additionalProperties"]["items"]["anyOf"][0]["enum"]
    create_400 = document["paths"]["/api/v1/people/"]["post"]["responses"]["400"]

    assert set(PeopleErrorCode.values) <= set(enum)
    assert "unit_too_high" in enum
    assert create_400["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PeopleError"}


def test_a_service_error_code_comes_back_beside_its_message(commune_leader, units):
    payload = {"full_name": "Giàng A Lử", "sex": "M", "birth_year": 1980, "is_pregnant": True}

    response = token_client(commune_leader).post(
        LIST, {**payload, "residence_unit": units["Thôn Bản Phố 1"].pk}, format="json"
    )

    assert response.status_code == 400
    assert_matches_schema(response, "person_create")
    assert response.json()["error"]["codes"] == {"is_pregnant": ["people.pregnant_male"]}
