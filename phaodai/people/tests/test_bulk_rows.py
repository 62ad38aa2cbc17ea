"""``core.bulk`` writes a record exactly as ``save()`` does (``COPY`` on PostgreSQL, a prepared
``INSERT`` on SQLite), and ``unsaved`` builds the instance ``Model(*values)`` builds."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_init  # noqa: TID251 (the test listens, as a receiver elsewhere would)

from phaodai.core.bulk import BulkWriter, reserve_ids, unsaved
from phaodai.people.enums import ChronicCondition, Sex
from phaodai.people.models import Household, Person
from phaodai.people.services import derive_person

pytestmark = pytest.mark.django_db(transaction=True)

# Text that COPY's text format must escape (tab, newline, backslash, carriage return) and
# that the INSERT path takes as it is.
AWKWARD = "Ghi chú:\tcột\nhai dòng \\N, \\ và \r kết thúc"


def _person(unit: Any, household: Household | None, **values: Any) -> Person:
    person = Person(
        residence_unit=unit,
        household=household,
        full_name=values.pop("full_name", "Nguyễn Thị Hằng"),
        sex=values.pop("sex", Sex.FEMALE),
        birth_year=values.pop("birth_year", 1990),
        **values,
    )
    derive_person(person)
    return person


def _stored(pk: int) -> dict[str, Any]:
    row = Person.objects.unscoped().filter(pk=pk).values().get()
    return {k: v for k, v in row.items() if k not in ("id", "created_at", "updated_at")}


def test_a_bulk_row_is_stored_as_save_stores_it(units):
    unit = units["Thôn Bản Phố 1"]
    household = Household.objects.create(unit=unit, code="BP1-777")
    kinds: list[dict[str, Any]] = [
        {
            "birth_date": dt.date(1990, 2, 28),
            "national_id": "001190000123",
            "phone": "0912345678",
            "chronic_conditions": [ChronicCondition.HYPERTENSION, "Bệnh “khác”, có dấu phẩy"],
            "is_pregnant": True,
            "notes": AWKWARD,
            "away_location": "",
        },
        {"birth_date": None, "full_name": "Lò Văn Páo", "sex": Sex.MALE, "notes": ""},
    ]
    for values, home in zip(kinds, [household, None], strict=True):
        saved = _person(unit, home, uuid=uuid.uuid4(), **dict(values))
        saved.save()
        expected = _stored(saved.pk)
        Person.objects.unscoped().filter(pk=saved.pk).delete()  # its CCCD is unique
        with transaction.atomic():
            bulk = _person(unit, home, **dict(values))
            bulk.uuid = uuid.uuid4()
            (bulk.pk,) = reserve_ids(Person, 1)
            bulk.id = bulk.pk
            writer = BulkWriter([Person])
            writer.add_instance(bulk)
            writer.flush(force=True)
        got = _stored(bulk.pk)
        assert got.pop("uuid") == bulk.uuid
        expected.pop("uuid")
        assert got == expected
        stamped = Person.objects.unscoped().get(pk=bulk.pk)
        assert stamped.created_at is not None
        assert stamped.updated_at is not None


def test_a_failing_row_leaves_nothing_of_its_batch(units):
    unit = units["Thôn Bản Phố 1"]
    before = Person.objects.unscoped().count()
    writer = BulkWriter([Person])

    def store() -> None:
        with transaction.atomic():
            for pk in reserve_ids(Person, 3):
                person = _person(unit, None, full_name=f"Người thứ {pk}")
                person.pk = person.id = pk
                writer.add_instance(person)
            writer.add(Person, {"id": reserve_ids(Person, 1)[0], "full_name": None})  # NOT NULL
            writer.flush(force=True)

    with pytest.raises(IntegrityError):
        store()
    assert Person.objects.unscoped().count() == before


def test_unsaved_builds_what_the_constructor_builds(units):
    unit = units["Thôn Bản Phố 1"]
    model = _person(unit, None, birth_date=dt.date(2001, 5, 6), national_id="001201000009")
    values = [getattr(model, f.attname) for f in Person._meta.concrete_fields]
    built = unsaved(Person, values)
    constructed = cast(Any, Person)(*values)
    assert built.__dict__.keys() - {"_state"} == constructed.__dict__.keys() - {"_state"}
    assert {k: v for k, v in built.__dict__.items() if k != "_state"} == {
        k: v for k, v in constructed.__dict__.items() if k != "_state"
    }
    assert built._state.adding
    assert built._state.db is None
    assert built.residence_unit == unit  # the foreign key still loads through its descriptor
    with pytest.raises(TypeError, match="columns"):
        unsaved(Person, values[:-1])


def test_unsaved_goes_through_the_constructor_when_someone_listens(units):
    unit = units["Thôn Bản Phố 1"]
    values = [getattr(_person(unit, None), f.attname) for f in Person._meta.concrete_fields]
    heard: list[Person] = []

    def receiver(sender: Any, instance: Person, **kwargs: Any) -> None:
        heard.append(instance)

    post_init.connect(receiver, sender=Person)
    try:
        built = unsaved(Person, values)
    finally:
        post_init.disconnect(receiver, sender=Person)
    assert heard == [built]
