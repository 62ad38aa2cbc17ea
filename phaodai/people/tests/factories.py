"""Deterministic builders of residents, households and inter-household groups.

They write rows directly (fast, no audit, no duplicate detection) with every
derived field set by the services' own derivation functions (``derive_person``,
``derive_liaison_group``). Tests of the services themselves call the services.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from phaodai.areas.models import AdminUnit
from phaodai.people.enums import Ethnicity, ResidenceStatus, Sex
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.services import derive_person
from phaodai.people.services.households import derive_liaison_group

_numbers = itertools.count(1)

_GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân"]


def make_person(
    *,
    residence_unit: AdminUnit,
    full_name: str | None = None,
    sex: str = Sex.MALE,
    birth_year: int = 1980,  # replaced by birth_date's year when that is given
    birth_date: dt.date | None = None,
    national_id: str = "",
    phone: str = "",
    household: Household | None = None,
    residence_status: str = ResidenceStatus.PERMANENT,
    away_location: str = "",
    chronic_conditions: Sequence[str] = (),
    is_pregnant: bool = False,
    ethnicity: str = Ethnicity.KINH,
    **overrides: Any,
) -> Person:
    number = next(_numbers)
    full_name = full_name or f"Hoàng Văn {_GIVEN[number % len(_GIVEN)]} {number}"
    if birth_date is not None:
        birth_year = birth_date.year
    person = Person(
        full_name=full_name,
        sex=sex,
        birth_year=birth_year,
        birth_date=birth_date,
        national_id=national_id,
        phone=phone,
        ethnicity=ethnicity,
        residence_unit=residence_unit,
        household=household,
        residence_status=residence_status,
        away_location=away_location,
        chronic_conditions=list(chronic_conditions),
        is_pregnant=is_pregnant,
    )
    derive_person(person)
    for field, value in overrides.items():
        setattr(person, field, value)
    person.save()
    return person


def make_household(
    *,
    unit: AdminUnit,
    code: str | None = None,
    address: str = "",
    head: Person | None = None,
    **overrides: Any,
) -> Household:
    number = next(_numbers)
    return Household.objects.create(
        unit=unit,
        code=code if code is not None else f"HGD{number:05d}",
        address=address or f"Số {number}, {unit.name}",
        head=head,
        **overrides,
    )


def make_liaison_group(
    *, unit: AdminUnit, name: str | None = None, leader: Person | None = None
) -> LiaisonGroup:
    number = next(_numbers)
    group = LiaisonGroup(unit=unit, name=name or f"Tổ liên gia số {number}", leader=leader)
    derive_liaison_group(group)
    group.save()
    return group
