"""Builders for the home-care tests: a case at home, registered at a chosen moment (frozen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from freezegun import freeze_time

from phaodai.cases.models import Case
from phaodai.cases.tests.factories import make_case
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

# 10/02/2022 08:00 in Viet Nam: the case is registered that morning (261 in force).
REGISTERED = dt.datetime(2022, 2, 10, 1, 0, tzinfo=dt.UTC)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def make_home_case(
    *, person: Person | None = None, unit: Any = None, registered: dt.datetime = REGISTERED, **fields: Any
) -> Case:
    """A case at home, confirmed the day it is registered (isolation 10/02–24/02 under 261)."""
    if person is None:
        person = make_person(residence_unit=unit, birth_date=dt.date(1980, 3, 3))
    with freeze_time(registered):
        return make_case(person=person, confirmed_on=timezone.localdate(registered), **fields)
