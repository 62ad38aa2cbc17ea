"""Deterministic builders of facilities and cases for the cases tests.

Facilities are written directly (capacity rows included); cases go through ``case_create``
(their decisions, history rows and counts are the point), by an actor who may write anywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from phaodai.accounts.models import User
from phaodai.accounts.tests.factories import make_user
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.cases.enums import CareSetting, HowFound
from phaodai.cases.models import BedCapacity, Case, Facility
from phaodai.cases.services import case_create
from phaodai.core.roles import Role
from phaodai.people.models import Person

_numbers = itertools.count(1)


def make_facility(
    *,
    unit: AdminUnit,
    tier: str = CareSetting.DISTRICT,
    name: str | None = None,
    beds: dict[str, int] | None = None,
    **extra: Any,
) -> Facility:
    facility = Facility(unit=unit, tier=tier, name=name or f"Cơ sở điều trị {next(_numbers)}", **extra)
    facility.save()
    for kind, count in (beds or {}).items():
        BedCapacity.objects.create(facility=facility, kind=kind, beds=count)
    return facility


def case_writer() -> User:
    """A system administrator: may write cases anywhere (tests of other rules than access)."""
    return make_user(role=Role.SYSTEM_ADMIN, home_unit=None, username=f"ghi_ca_{next(_numbers)}")


def commune_of(person: Person) -> AdminUnit:
    unit = person.residence_unit
    return unit.parent if unit.level == UnitLevel.VILLAGE and unit.parent is not None else unit


def make_case(
    *,
    person: Person,
    actor: User | None = None,
    confirmed_on: dt.date = dt.date(2022, 2, 10),
    how_found: str = HowFound.COMMUNITY,
    unit: AdminUnit | None = None,
    **fields: Any,
) -> Case:
    case, _created = case_create(
        actor=actor or case_writer(),
        person=person,
        unit=unit or commune_of(person),
        confirmed_on=confirmed_on,
        how_found=how_found,
        **fields,
    )
    return case
