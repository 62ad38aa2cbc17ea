"""Search by the last digits of a phone, as officers ask on the phone ("4 số cuối"): issue 7, point 7."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from phaodai.people.models import Person
from phaodai.people.selectors import PHONE_TAIL_MIN, person_search
from phaodai.people.services import person_update
from phaodai.people.tests.factories import make_person


@pytest.fixture
def phones(units):
    village = units["Thôn Bản Phố 1"]
    return {
        "an": make_person(residence_unit=village, full_name="Nguyễn Văn An", phone="0912345678"),
        "binh": make_person(residence_unit=village, full_name="Lò Thị Bình", sex="F", phone="0987005678"),
        "chu": make_person(residence_unit=village, full_name="Giàng A Chư", phone="0912340000"),
        "landline": make_person(
            residence_unit=units["Thôn Bản Phố 2"], full_name="Trạm Y tế", phone="02143875678"
        ),
        "away": make_person(
            residence_unit=units["Thôn Lùng Phình"], full_name="Thào A Sử", phone="0911115678"
        ),
        "cmnd": make_person(residence_unit=village, full_name="Vàng Seo Lử", national_id="123456789"),
    }


def _names(user, query):
    return sorted(p.full_name for p in person_search(user=user, query=query))


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("last 4", "5678", ["Lò Thị Bình", "Nguyễn Văn An", "Trạm Y tế"]),
        ("last 4 of a landline too", "875678", ["Trạm Y tế"]),
        ("last 6 with a space", "345 678", ["Nguyễn Văn An"]),
        ("last 8", "12345678", ["Nguyễn Văn An"]),
        ("last 9 or a CMND", "912345678", ["Nguyễn Văn An"]),
        ("a 9-digit CMND", "123456789", ["Vàng Seo Lử"]),
        ("a whole phone still exact", "0912 345 678", ["Nguyễn Văn An"]),
        ("fewer than the minimum", "678", []),
        ("no such ending", "9999", []),
    ],
)
def test_search_by_the_last_digits_of_a_phone(commune_leader, phones, _case, query, expected):
    assert _names(commune_leader, query) == expected


def test_the_minimum_is_four_digits():
    assert PHONE_TAIL_MIN == 4


def test_the_last_digits_never_find_anyone_outside_the_jurisdiction_or_merged(commune_leader, phones):
    merged = make_person(
        residence_unit=phones["an"].residence_unit, full_name="Nguyen Van An", phone="0900005678"
    )
    merged.merged_into = phones["an"]
    merged.save(update_fields=["merged_into"])

    assert "Thào A Sử" not in _names(commune_leader, "5678")
    assert "Nguyen Van An" not in _names(commune_leader, "5678")


def test_a_changed_phone_is_found_by_its_new_ending(commune_leader, phones):
    person_update(actor=commune_leader, person=phones["chu"], phone="0977 22 4321")

    assert _names(commune_leader, "4321") == ["Giàng A Chư"]
    assert _names(commune_leader, "0000") == []


def test_the_list_page_finds_by_the_last_digits(world):
    response = world.client_for("own_commune").get("/nhan-khau/", {"q": "0111"})

    assert [p.full_name for p in response.context["page"]] == ["Giàng Seo Páo", "Giàng Seo Pao"]


def test_the_migration_fills_the_reversed_phone_of_stored_records(phones):
    Person.objects.unscoped().update(phone_reversed="")
    fill = import_module("phaodai.people.migrations.0008_person_fill_phone_reversed").fill_phone_reversed

    fill(apps, None)
    fill(apps, None)  # idempotent

    assert dict(Person.objects.unscoped().exclude(phone="").values_list("phone", "phone_reversed")) == {
        p.phone: p.phone[::-1] for p in phones.values() if p.phone
    }


def test_the_search_is_a_range_on_its_own_index(commune_leader, phones):
    """No scan at a million residents: the planner can answer from people_person_phone_tail.

    SQLite, with the statistics the demo and the bench have, takes it for the whole search.
    PostgreSQL picks by cost, and on a table of a few rows a commune user's area index is as
    cheap (it is the plan for commune users at a million too, docs/PERFORMANCE.md); what must
    hold there is that the suffix range itself is an index range (C collation), not a filter.
    """
    if connection.vendor == "postgresql":
        tail = Person.objects.unscoped().filter(phone_reversed__gte="8765", phone_reversed__lt="8765\x7f")
        sql, params = tail.values("pk").query.sql_with_params()
    else:
        sql, params = person_search(user=commune_leader, query="5678").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute("ANALYZE")  # the planner's statistics, as the demo and the bench have them
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "people_person_phone_tail" in plan
