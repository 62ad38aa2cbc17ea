"""Command records for tests, written directly (the services are tested on their own)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.command.enums import Office, Position
from phaodai.command.models import CommandCentre, Member, Shift, SteeringCommittee

_numbers = itertools.count(1)


def make_centre(
    *, unit: AdminUnit, established_on: dt.date | None = dt.date(2021, 8, 26), **extra: Any
) -> CommandCentre:
    centre = CommandCentre(
        unit=unit,
        name=extra.pop("name", f"Trung tâm Chỉ huy phòng, chống dịch {unit.name}"),
        established_on=established_on,
        **extra,
    )
    centre.save()
    return centre


def make_committee(
    *, unit: AdminUnit, established_on: dt.date | None = dt.date(2021, 8, 25), **extra: Any
) -> SteeringCommittee:
    committee = SteeringCommittee(
        unit=unit,
        name=extra.pop("name", f"Ban Chỉ đạo phòng, chống dịch Covid-19 {unit.name}"),
        established_on=established_on,
        **extra,
    )
    committee.save()
    return committee


def make_member(
    *,
    centre: CommandCentre | None = None,
    committee: SteeringCommittee | None = None,
    full_name: str | None = None,
    position: str = Position.MEMBER,
    office: str = Office.OTHER,
    phone: str = "",
    user: User | None = None,
    **extra: Any,
) -> Member:
    body = centre or committee
    if body is None:
        raise ValueError("a member needs a centre or a committee")
    member = Member(
        unit=body.unit,
        centre=centre,
        committee=committee,
        full_name=full_name or f"Thành viên {next(_numbers)}",
        position=position,
        office=office,
        phone=phone,
        user=user,
        **extra,
    )
    member.save()
    return member


def make_shift(
    *, member: Member, starts_at: dt.datetime, hours: float = 8, leads: bool | None = None
) -> Shift:
    centre = member.centre
    if centre is None:
        raise ValueError("only a centre's members take shifts")
    shift = Shift(
        unit=centre.unit,
        centre=centre,
        member=member,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        leads=member.is_leader if leads is None else leads,
    )
    shift.save()
    return shift
