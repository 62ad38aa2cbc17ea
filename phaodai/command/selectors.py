"""Reads of the command app: bodies and members inside a user's jurisdiction, who is on duty.

``officers_on_duty`` and ``on_duty_contacts`` are system reads (alerts resolve "the officer on
duty" with them, with no user asking): they read every centre, by the unit's ancestors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.alerts.services import Contact
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.command.enums import BodyKind, Office, Position
from phaodai.command.models import CommandCentre, Document, Member, Shift, SteeringCommittee
from phaodai.core.text import fold

_POSITION_ORDER = [When(position=p, then=i) for i, p in enumerate(Position.values)]


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


# --- reads for a user (pages, API, exports) ------------------------------------------------


def centres_for_user(*, user: Any, unit: AdminUnit | None = None) -> QuerySet[CommandCentre]:
    """The command centres inside the user's jurisdiction (and ``unit``), by place."""
    found = CommandCentre.objects.for_user(user).select_related("unit__parent")
    if unit is not None:
        found = found.within(unit.path)
    return found.order_by("area_path")


def committees_for_user(*, user: Any, unit: AdminUnit | None = None) -> QuerySet[SteeringCommittee]:
    found = SteeringCommittee.objects.for_user(user).select_related("unit__parent")
    if unit is not None:
        found = found.within(unit.path)
    return found.order_by("area_path")


def member_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    query: str = "",
    body: str = "",
    position: str = "",
    active: bool | None = True,
) -> QuerySet[Member]:
    """Members of the bodies inside the jurisdiction; ``query`` matches a name, phone or office
    (without diacritics too), ``body`` is ``centre``/``committee``."""
    found = Member.objects.for_user(user).select_related("unit", "centre", "committee", "area_unit", "user")
    if unit is not None:
        found = found.within(unit.path)
    if body == BodyKind.CENTRE:
        found = found.filter(centre__isnull=False)
    elif body == BodyKind.COMMITTEE:
        found = found.filter(committee__isnull=False)
    if position:
        found = found.filter(position=position)
    if active is not None:
        found = found.filter(active=active)
    words = fold(query).split()
    if words:
        digits = "".join(ch for ch in query if ch.isdigit())
        if digits and len(digits) >= 4 and len(digits) == len(query.replace(" ", "")):
            found = found.filter(phone__contains=digits)
        else:
            # every word in the stored folded name and office, inside the scoped range of area_path
            for word in words:
                found = found.filter(search_key__contains=word)
    return found.order_by("area_path", "centre_id", "committee_id", "order", "pk")


def body_members(body: CommandCentre | SteeringCommittee, *, active_only: bool = False) -> QuerySet[Member]:
    """The members of a body the caller already fetched for the user (head first)."""
    key = "centre" if isinstance(body, CommandCentre) else "committee"
    found = Member.objects.within(body.area_path).filter(**{key: body}).select_related("area_unit", "user")
    if active_only:
        found = found.filter(active=True)
    return found.order_by("-active", Case(*_POSITION_ORDER, default=9), "order", "pk")


def body_documents(body: CommandCentre | SteeringCommittee) -> QuerySet[Document]:
    key = "centre" if isinstance(body, CommandCentre) else "committee"
    return Document.objects.within(body.area_path).filter(**{key: body}).order_by("-issued_on", "-pk")


def centre_shifts(centre: CommandCentre, start: dt.datetime, end: dt.datetime) -> QuerySet[Shift]:
    """The centre's shifts overlapping ``start``–``end``, by start (the leader first)."""
    return (
        Shift.objects.within(centre.area_path)
        .filter(centre=centre, starts_at__lt=end, ends_at__gt=start)
        .select_related("member")
        .order_by("starts_at", "-leads", "pk")
    )


def shifts_for_user(
    *,
    user: Any,
    centre: CommandCentre | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> QuerySet[Shift]:
    found = Shift.objects.for_user(user).select_related("member", "centre")
    if centre is not None:
        found = found.filter(centre=centre)
    if start is not None:
        found = found.filter(ends_at__gt=start)
    if end is not None:
        found = found.filter(starts_at__lt=end)
    return found.order_by("starts_at", "-leads", "pk")


def composition_notes(body: CommandCentre | SteeringCommittee, members: Sequence[Member]) -> list[str]:
    """What the letters ask of a body's head that its members do not show (000 §5: the Party
    secretary heads the steering committee, the People's Committee chair the command centre)."""
    notes: list[str] = []
    heads = [m for m in members if m.active and m.position == Position.HEAD]
    if not heads:
        notes.append(_("Chưa có người đứng đầu."))
        return notes
    if isinstance(body, CommandCentre) and not any(m.office == Office.PC_CHAIR for m in heads):
        notes.append(_("Theo chỉ đạo, Chủ tịch UBND là Chỉ huy trưởng Trung tâm Chỉ huy."))
    if isinstance(body, SteeringCommittee) and not any(m.office == Office.PARTY_SECRETARY for m in heads):
        notes.append(_("Theo chỉ đạo, Bí thư cấp ủy là Trưởng Ban Chỉ đạo."))
    if len(heads) > 1:
        notes.append(_("Có %(n)d người cùng là người đứng đầu.") % {"n": len(heads)})
    return notes


def units_without_centre(*, user: Any, unit: AdminUnit) -> list[AdminUnit]:
    """The communes (and the unit itself if a district or commune) under ``unit`` with no command
    centre yet, inside the user's jurisdiction."""
    levels = [UnitLevel.DISTRICT, UnitLevel.COMMUNE]
    candidates = list(units_for_user(user=user).within(unit.path).filter(level__in=levels).order_by("path"))
    have = set(CommandCentre.objects.for_user(user).within(unit.path).values_list("unit_id", flat=True))
    return [u for u in candidates if u.pk not in have]


@dataclass(frozen=True)
class DutyNow:
    centre: CommandCentre
    members: list[Member]


def duty_now_for_user(*, user: Any, at: dt.datetime | None = None) -> DutyNow | None:
    """The centre whose staff the user is (a member, else the centre of their home unit) and who
    is on duty there now: the navigation shows it."""
    at = at or timezone.now()
    membership = (
        Member.objects.for_user(user)
        .filter(user=user, active=True, centre__isnull=False)
        .select_related("centre")
        .first()
    )
    centre = membership.centre if membership is not None else None
    home = getattr(user, "home_unit", None)
    if centre is None and home is not None:
        centre = CommandCentre.objects.for_user(user).filter(unit=home).first()
    if centre is None:
        return None
    members: list[Member] = []
    for shift in shifts_at(centre, at):
        if all(m.pk != shift.member_id for m in members):
            members.append(shift.member)
    return DutyNow(centre=centre, members=members)


def home_figures(*, user: Any, unit: AdminUnit | None) -> dict[str, Any]:
    """The home card, in three queries: the centres of the area (how many, how many established),
    the committees (the same), and who is on duty now at the centre of the user's home unit."""
    rows = list(centres_for_user(user=user, unit=unit).values_list("pk", "unit_id", "name", "established_on"))
    committees = committees_for_user(user=user, unit=unit).aggregate(
        total=Count("pk"), established=Count("pk", filter=Q(established_on__isnull=False))
    )
    home_id = getattr(user, "home_unit_id", None)
    now = timezone.now()
    duty: dict[str, Any] | None = None
    for pk, unit_id, name, _established in rows:
        if unit_id == home_id:
            members: list[Member] = []
            # The centre came from the user's jurisdiction (centres_for_user); its shifts are its own.
            for shift in (
                Shift.objects.unscoped()
                .filter(centre_id=pk, starts_at__lte=now, ends_at__gt=now)
                .select_related("member")
                .order_by("-leads", "starts_at", "pk")
            ):
                if all(m.pk != shift.member_id for m in members):
                    members.append(shift.member)
            duty = {"centre_id": pk, "name": name, "members": members}
    return {
        "centres": len(rows),
        "centres_established": sum(1 for row in rows if row[3] is not None),
        "committees": committees["total"],
        "committees_established": committees["established"],
        "duty": duty,
    }


def member_user_choices(*, body: CommandCentre | SteeringCommittee) -> QuerySet[User]:
    """Accounts a member of ``body`` may be linked to: active users whose home unit is the body's
    unit or below it (the commune's officers, a village's community members)."""
    return User.objects.filter(is_active=True, home_unit__path__startswith=body.area_path).order_by(
        "first_name", "username"
    )


def member_area_choices(*, user: Any, body: CommandCentre | SteeringCommittee) -> QuerySet[AdminUnit]:
    """The areas a member may answer for: the units below the body's unit."""
    return units_for_user(user=user).within(body.area_path).exclude(pk=body.unit_id).order_by("path")


def swap_shift_choices(centre: CommandCentre, *, after: dt.datetime) -> QuerySet[Shift]:
    """Shifts of the centre not yet ended (the one offered in exchange in a swap)."""
    return (
        Shift.objects.within(centre.area_path)
        .filter(centre=centre, ends_at__gt=after)
        .select_related("member")
        .order_by("starts_at", "pk")
    )


def officers_on_duty_at_centre(centre: CommandCentre, at: dt.datetime) -> list[Member]:
    """The members on a shift of this very centre at ``at`` (the leader first), for its page."""
    members: list[Member] = []
    for shift in shifts_at(centre, at):
        if all(m.pk != shift.member_id for m in members):
            members.append(shift.member)
    return members
