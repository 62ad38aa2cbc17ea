"""Reads of the command app: bodies and members inside a user's jurisdiction, who is on duty.

``officers_on_duty`` and ``on_duty_contacts`` are system reads (alerts resolve "the officer on
duty" with them, with no user asking): they read every centre, by the unit's ancestors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import QuerySet

from phaodai.accounts.models import User
from phaodai.alerts.services import Contact
from phaodai.areas.models import AdminUnit
from phaodai.command.models import CommandCentre, Member, Shift, SteeringCommittee


def _ancestors_nearest_first(unit: AdminUnit) -> list[AdminUnit]:
    chain: list[AdminUnit] = []
    current: AdminUnit | None = unit
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def shifts_at(centre: CommandCentre, at: dt.datetime) -> QuerySet[Shift]:
    """The shifts of ``centre`` running at ``at`` (the leader's first)."""
    return (
        Shift.objects.unscoped()
        .filter(centre=centre, starts_at__lte=at, ends_at__gt=at)
        .select_related("member__user")
        .order_by("-leads", "starts_at", "pk")
    )


def officers_on_duty(unit: AdminUnit, at: dt.datetime) -> list[Member]:
    """The members on duty for ``unit`` at ``at``: those on a shift of the unit's command centre
    then (the leader first); if that centre has none on duty (or the unit has no centre), the
    nearest centre up the tree that has."""
    chain = _ancestors_nearest_first(unit)
    centres = {
        c.unit_id: c for c in CommandCentre.objects.unscoped().filter(unit_id__in=[u.pk for u in chain])
    }
    for level in chain:
        centre = centres.get(level.pk)
        if centre is None:
            continue
        members: list[Member] = []
        seen: set[int] = set()
        for shift in shifts_at(centre, at):
            if shift.member_id not in seen:
                seen.add(shift.member_id)
                members.append(shift.member)
        if members:
            return members
    return []


def on_duty_contacts(unit: AdminUnit, at: dt.datetime) -> Sequence[Contact]:
    """The alerts resolver of ``Recipient.on_duty(unit)``: each officer on duty's account, or
    their phone when they have no account."""
    contacts: list[Contact] = []
    for member in officers_on_duty(unit, at):
        user: User | None = member.user
        if user is not None and user.is_active:
            contacts.append(Contact(user=user, phone=member.phone, name=member.full_name))
        elif member.phone:
            contacts.append(Contact(phone=member.phone, name=member.full_name))
    return contacts


def centre_of_unit(unit: AdminUnit) -> CommandCentre | None:
    """The command centre of exactly this unit (a system read; pages use ``centres_for_user``)."""
    return CommandCentre.objects.unscoped().filter(unit=unit).first()


def centre_established_on(unit: AdminUnit) -> dt.date | None:
    """When the unit's command centre was established; None when it has none or not yet.

    "Established before 28/8/2021" is ``(d := centre_established_on(unit)) and d < date(2021, 8, 28)``.
    """
    centre = centre_of_unit(unit)
    return centre.established_on if centre is not None else None


def committee_established_on(unit: AdminUnit) -> dt.date | None:
    """When the unit's steering committee was established; None when it has none or not yet."""
    committee = SteeringCommittee.objects.unscoped().filter(unit=unit).first()
    return committee.established_on if committee is not None else None
