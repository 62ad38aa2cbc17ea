"""Deterministic builders of the testing records, through the testing services (they move counts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.labtests import services
from phaodai.labtests.enums import PlaceKind, TestKind
from phaodai.labtests.models import Pool, Sample, TestSession
from phaodai.people.models import Person


def make_session(
    *,
    actor: User,
    unit: AdminUnit,
    held_on: dt.date = dt.date(2022, 1, 10),
    place: str = "Chợ phiên Bản Phố",
    place_kind: str = PlaceKind.MARKET,
    default_kind: str = TestKind.RAPID_ANTIGEN,
    **overrides: Any,
) -> TestSession:
    session, _created = services.session_create(
        actor=actor,
        unit=unit,
        held_on=held_on,
        place=place,
        place_kind=place_kind,
        default_kind=default_kind,
        **overrides,
    )
    return session


def make_sample(*, actor: User, person: Person, **fields: Any) -> Sample:
    sample, _created = services.sample_record(actor=actor, person=person, **fields)
    return sample


def make_pool(
    *, actor: User, session: TestSession, members: list[Person], kind: str = TestKind.RT_PCR, code: str = "G1"
) -> Pool:
    pool, _created = services.pool_create(actor=actor, session=session, kind=kind, code=code)
    for person in members:
        services.pool_add_member(actor=actor, pool=pool, person=person)
    pool.refresh_from_db()
    return pool
