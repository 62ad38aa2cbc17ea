"""Deterministic builders of residents, households and inter-household groups.

They write rows directly (fast, no audit, no duplicate detection) with every
derived field set the way the services set it. Tests of the services themselves
call the services.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from phaodai.areas.models import AdminUnit
from phaodai.people.enums import Ethnicity, ResidenceStatus, Sex
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.names import name_keys

_numbers = itertools.count(1)

_GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân"]


def make_person(
    *,
    residence_unit: AdminUnit,
    full_name: str | None = None,
    sex: str = Sex.MALE,
    birth_year: int | None = 1980,
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
    keys = name_keys(full_name)
    if birth_date is not None:
        birth_year = birth_date.year
    return Person.objects.create(
        full_name=full_name,
        name_key=keys.full,
        name_tail_key=keys.tail,
        given_name_key=keys.given,
        sex=sex,
        birth_year=birth_year,
        birth_date=birth_date,
        national_id=national_id,
        phone=phone,
        ethnicity=ethnicity,
        residence_unit=residence_unit,
        area_path=residence_unit.path,
        household=household,
        residence_status=residence_status,
        away_location=away_location,
        chronic_conditions=list(chronic_conditions),
        is_pregnant=is_pregnant,
        is_high_risk=bool(chronic_conditions) or is_pregnant,
        **overrides,
    )


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
        area_path=unit.path,
        code=code if code is not None else f"HGD{number:05d}",
        address=address or f"Số {number}, {unit.name}",
        head=head,
        **overrides,
    )


def make_liaison_group(
    *, unit: AdminUnit, name: str | None = None, leader: Person | None = None
) -> LiaisonGroup:
    number = next(_numbers)
    return LiaisonGroup.objects.create(
        unit=unit, area_path=unit.path, name=name or f"Tổ liên gia số {number}", leader=leader
    )
