"""``field__any_of`` (``core.lookups.AnyOf``) finds what ``field__in`` finds, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(units):
    village = units["Thôn Bản Phố 1"]
    return [
        make_person(
            residence_unit=village,
            full_name="Nguyễn Văn An",
            birth_date=dt.date(1980, 3, 15),
            national_id="001080000001",
        ),
        make_person(residence_unit=village, full_name="Lò Thị Mai", birth_year=1992, phone="0912345678"),
        make_person(residence_unit=village, full_name="Giàng A Páo", birth_date=dt.date(2001, 1, 2)),
    ]


@pytest.mark.parametrize(
    ("lookup", "values"),
    [
        ("national_id", ["001080000001", "999999999999", None]),
        ("phone", {"0912345678"}),
        ("name_key", ["nguyen van an", "giang a pao"]),
        ("birth_year", [1992, 2001, 1700]),
        ("birth_date", [dt.date(1980, 3, 15), dt.date(2001, 1, 2)]),
        ("pk", []),
    ],
)
def test_any_of_finds_what_in_finds(people, lookup, values):
    base = Person.objects.unscoped()
    by_in = sorted(base.filter(**{f"{lookup}__in": values}).values_list("pk", flat=True))
    by_any = sorted(base.filter(**{f"{lookup}__any_of": values}).values_list("pk", flat=True))
    assert by_any == by_in
    assert (
        len(by_in)
        == {"national_id": 1, "phone": 1, "name_key": 2, "birth_year": 2, "birth_date": 2, "pk": 0}[lookup]
    )


def test_any_of_is_one_array_parameter_of_the_columns_type_on_postgresql(people):
    # Typed as the column: Python's ints sent as another integer type made PostgreSQL cast every
    # row's id and compare it with each value in turn (a second import's batches, 1 s each).
    base = Person.objects.unscoped()
    phones, _params = base.filter(phone__any_of=["0912345678", "0987654321"]).query.sql_with_params()
    ids, params = base.filter(pk__any_of=[people[0].pk, people[2].pk]).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert '"phone" = ANY(%s::varchar(11)[])' in phones
        assert '"id" = ANY(%s::bigint[])' in ids
        assert [people[0].pk, people[2].pk] in params
    else:
        assert '"phone" IN (%s, %s)' in phones
        assert '"id" IN (%s, %s)' in ids
