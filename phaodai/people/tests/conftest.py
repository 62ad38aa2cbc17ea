"""Residents used across the people tests, on top of the root `units` tree."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.people.enums import ChronicCondition, Sex
from phaodai.people.tests.factories import make_household, make_person


@pytest.fixture
def residents(units):
    """Named residents: two in Bản Phố, one in Lùng Phình (same district), one in Sán Chải (other district)."""
    ban_pho_1 = units["Thôn Bản Phố 1"]
    household = make_household(unit=ban_pho_1, code="BP1-001", address="Thôn Bản Phố 1, nhà số 1")
    an = make_person(
        residence_unit=ban_pho_1,
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1980, 3, 15),
        national_id="010080000001",
        phone="0912345678",
        household=household,
    )
    household.head = an
    household.save(update_fields=["head"])
    binh = make_person(
        residence_unit=ban_pho_1,
        full_name="Nguyễn Thị Bình",
        sex=Sex.FEMALE,
        birth_year=1992,
        household=household,
        is_pregnant=True,
    )
    anh = make_person(
        residence_unit=units["Thôn Lùng Phình"],
        full_name="Nguyễn Văn Anh",
        birth_year=1958,
        chronic_conditions=[ChronicCondition.HYPERTENSION],
    )
    an_sc = make_person(residence_unit=units["Thôn Sán Chải"], full_name="Nguyễn Văn An", birth_year=1970)
    return {"an": an, "binh": binh, "anh": anh, "an_san_chai": an_sc, "household": household}
