"""The 24/24 duty roster: checking it (gaps, double bookings, shifts without a leader, too many
hours in a row, too little rest), generating it from a centre's members and settings, and swaps.

A check reads the shifts of one centre overlapping a period; it is a pure computation on them
(``check_shifts``), so the page, the API and the generator report the same problems.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.audit.services import audit_record, audited_create, audited_update
from phaodai.command import events
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import CommandCentre, Member, Shift, ShiftSwap
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction

HOUR = dt.timedelta(hours=1)
# The longest period generated at once (a month and a few days: a month view starting on a Monday).
MAX_ROSTER_DAYS = 42
EARLIEST_DAY, LATEST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 1)


@dataclass(frozen=True)
class Interval:
    start: dt.datetime
    end: dt.datetime

    @property
    def hours(self) -> float:
        return (self.end - self.start) / HOUR


@dataclass(frozen=True)
class DoubleBooking:
    """One member on two shifts at the same time (``start``–``end`` is the overlap)."""

    member: Member
    first: Shift
    second: Shift
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class MemberStretch:
    """A member's problem between or across shifts: ``hours`` on duty in a row (too long) or
    ``hours`` of rest between two shifts (too short)."""

    member: Member
    start: dt.datetime
    end: dt.datetime
    hours: float


@dataclass
class RosterCheck:
    period: Interval
    gaps: list[Interval] = field(default_factory=list)
    double_bookings: list[DoubleBooking] = field(default_factory=list)
    without_leader: list[Interval] = field(default_factory=list)
    too_long: list[MemberStretch] = field(default_factory=list)
    short_rest: list[MemberStretch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.gaps or self.double_bookings or self.without_leader or self.too_long or self.short_rest
        )

    @property
    def problem_count(self) -> int:
        return (
            len(self.gaps)
            + len(self.double_bookings)
            + len(self.without_leader)
            + len(self.too_long)
            + len(self.short_rest)
        )


def _uncovered(period: Interval, intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[Interval]:
    """The parts of ``period`` no interval covers."""
    holes: list[Interval] = []
    cursor = period.start
    for start, end in sorted(intervals):
        if end <= cursor:
            continue
        if start > cursor:
            holes.append(Interval(cursor, min(start, period.end)))
        cursor = max(cursor, end)
        if cursor >= period.end:
            break
    if cursor < period.end:
        holes.append(Interval(cursor, period.end))
    return [hole for hole in holes if hole.end > hole.start]


def _blocks(shifts: Sequence[Shift]) -> list[tuple[dt.datetime, dt.datetime]]:
    """A member's shifts joined where one ends when (or after) the next starts: time on duty in a row."""
    blocks: list[list[dt.datetime]] = []
    for shift in sorted(shifts, key=lambda s: (s.starts_at, s.ends_at)):
        if blocks and shift.starts_at <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], shift.ends_at)
        else:
            blocks.append([shift.starts_at, shift.ends_at])
    return [(start, end) for start, end in blocks]


def check_shifts(centre: CommandCentre, shifts: Sequence[Shift], period: Interval) -> RosterCheck:
    """The problems of ``shifts`` (those of ``centre`` around ``period``) inside ``period``."""
    check = RosterCheck(period=period)
    inside = [s for s in shifts if s.starts_at < period.end and s.ends_at > period.start]
    check.gaps = _uncovered(period, ((s.starts_at, s.ends_at) for s in inside))
    if centre.leader_required:
        led = [(s.starts_at, s.ends_at) for s in inside if s.leads]
        covered = [(s.starts_at, s.ends_at) for s in inside]
        holes = _uncovered(period, led)
        gaps = check.gaps
        # Time with someone on duty but no leader (the gaps are reported as gaps).
        for hole in holes:
            for piece in _uncovered(hole, ((g.start, g.end) for g in gaps)):
                if any(start < piece.end and end > piece.start for start, end in covered):
                    check.without_leader.append(piece)
    by_member: dict[int, list[Shift]] = defaultdict(list)
    for shift in shifts:
        by_member[shift.member_id].append(shift)
    max_row = dt.timedelta(hours=centre.max_hours_in_row)
    min_rest = dt.timedelta(hours=centre.min_rest_hours)
    for member_shifts in by_member.values():
        ordered = sorted(member_shifts, key=lambda s: (s.starts_at, s.pk or 0))
        member = ordered[0].member
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if second.starts_at >= first.ends_at:
                    break
                start, end = max(first.starts_at, second.starts_at), min(first.ends_at, second.ends_at)
                if start < period.end and end > period.start:
                    check.double_bookings.append(DoubleBooking(member, first, second, start, end))
        blocks = _blocks(ordered)
        for start, end in blocks:
            if end - start > max_row and start < period.end and end > period.start:
                check.too_long.append(MemberStretch(member, start, end, (end - start) / HOUR))
        for (_s1, end), (start, _e2) in itertools.pairwise(blocks):
            if end < start and start - end < min_rest and start > period.start and end < period.end:
                check.short_rest.append(MemberStretch(member, end, start, (start - end) / HOUR))
    check.double_bookings.sort(key=lambda d: (d.start, d.member.pk))
    check.too_long.sort(key=lambda m: (m.start, m.member.pk))
    check.short_rest.sort(key=lambda m: (m.start, m.member.pk))
    return check


def shifts_around(centre: CommandCentre, start: dt.datetime, end: dt.datetime) -> list[Shift]:
    """The centre's shifts overlapping ``start``–``end`` widened by the longest stretch a check
    looks at (so a too-long stretch or a short rest across the edge is seen)."""
    margin = dt.timedelta(hours=max(centre.max_hours_in_row, centre.min_rest_hours) + 48)
    # The caller got ``centre`` through the reader's jurisdiction; its shifts are filed at its unit.
    return list(
        Shift.objects.unscoped()
        .filter(centre=centre, starts_at__lt=end + margin, ends_at__gt=start - margin)
        .select_related("member")
        .order_by("starts_at", "-leads", "pk")
    )


def roster_check(centre: CommandCentre, start: dt.datetime, end: dt.datetime) -> RosterCheck:
    """Gaps, double bookings, shifts without a leader, too many hours in a row, short rests."""
    return check_shifts(centre, shifts_around(centre, start, end), Interval(start, end))


def day_start(centre: CommandCentre, day: dt.date) -> dt.datetime:
    """When the centre's duty day ``day`` begins (its first shift), in the local time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(centre.day_starts_at)))


def roster_slots(centre: CommandCentre, start: dt.date, days: int) -> list[Interval]:
    """The shifts' times for ``days`` duty days from ``start`` (24/24, by the centre's shift length)."""
    first = day_start(centre, start)
    last = day_start(centre, start + dt.timedelta(days=days))
    step = dt.timedelta(hours=centre.shift_hours)
    slots: list[Interval] = []
    cursor = first
    while cursor < last:
        slots.append(Interval(cursor, min(cursor + step, last)))
        cursor += step
    return slots


@dataclass
class _Load:
    """What the generator knows of a member while it fills the slots."""

    member: Member
    hours: float = 0.0
    busy: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)

    def can_take(self, slot: Interval, *, max_row: dt.timedelta, min_rest: dt.timedelta) -> bool:
        for start, end in self.busy:
            if start < slot.end and end > slot.start:
                return False  # already on duty then
        joined = [(s, e) for s, e in self.busy] + [(slot.start, slot.end)]
        joined.sort()
        # the stretch the slot falls in, and the rests around it
        blocks: list[list[dt.datetime]] = []
        for start, end in joined:
            if blocks and start <= blocks[-1][1]:
                blocks[-1][1] = max(blocks[-1][1], end)
            else:
                blocks.append([start, end])
        for i, (start, end) in enumerate(blocks):
            if start <= slot.start and slot.end <= end:
                if end - start > max_row:
                    return False
                if i > 0 and start - blocks[i - 1][1] < min_rest:
                    return False
                if i + 1 < len(blocks) and blocks[i + 1][0] - end < min_rest:
                    return False
        return True


def _pick(
    loads: Sequence[_Load], slot: Interval, *, max_row: dt.timedelta, min_rest: dt.timedelta, taken: set[int]
) -> _Load | None:
    able = [
        load
        for load in loads
        if load.member.pk not in taken and load.can_take(slot, max_row=max_row, min_rest=min_rest)
    ]
    if not able:
        return None
    return min(able, key=lambda load: (load.hours, load.member.order, load.member.pk))


def plan_roster(
    centre: CommandCentre, members: Sequence[Member], slots: Sequence[Interval], busy: Iterable[Shift] = ()
) -> tuple[list[Shift], list[Interval]]:
    """The shifts (unsaved) that fill ``slots`` with ``members`` by the centre's settings, given
    the shifts they already have (``busy``), and the slots that could not be filled whole."""
    max_row = dt.timedelta(hours=centre.max_hours_in_row)
    min_rest = dt.timedelta(hours=centre.min_rest_hours)
    loads = {m.pk: _Load(member=m) for m in members}
    leaders = [loads[m.pk] for m in members if m.is_leader]
    for shift in busy:
        if shift.member_id in loads:
            loads[shift.member_id].busy.append((shift.starts_at, shift.ends_at))
    created: list[Shift] = []
    unfilled: list[Interval] = []
    for slot in slots:
        taken: set[int] = set()
        chosen: list[tuple[_Load, bool]] = []
        if centre.leader_required:
            leader = _pick(leaders, slot, max_row=max_row, min_rest=min_rest, taken=taken)
            if leader is not None:
                chosen.append((leader, True))
                taken.add(leader.member.pk)
        while len(chosen) < centre.officers_per_shift:
            other = _pick(list(loads.values()), slot, max_row=max_row, min_rest=min_rest, taken=taken)
            if other is None:
                break
            chosen.append((other, not centre.leader_required and not chosen and other.member.is_leader))
            taken.add(other.member.pk)
        if len(chosen) < centre.officers_per_shift or (
            centre.leader_required and not any(leads for _x, leads in chosen)
        ):
            unfilled.append(slot)
        for load, leads in chosen:
            load.busy.append((slot.start, slot.end))
            load.hours += slot.hours
            created.append(
                Shift(
                    unit=centre.unit,
                    centre=centre,
                    member=load.member,
                    starts_at=slot.start,
                    ends_at=slot.end,
                    leads=leads,
                    area_path=centre.area_path,
                )
            )
    return created, unfilled


@dataclass
class RosterResult:
    created: list[Shift]
    replaced: int
    check: RosterCheck
    unfilled: list[Interval]


def roster_generate(
    *,
    actor: User,
    centre: CommandCentre,
    start: dt.date,
    days: int,
    replace: bool = False,
    now: dt.datetime | None = None,
) -> RosterResult:
    """Fill ``days`` duty days from ``start`` with shifts of the centre's members by its settings.

    Each slot gets ``officers_per_shift`` members, one of them a leader when the centre asks for
    one; nobody is on duty more than ``max_hours_in_row`` hours in a row or rests less than
    ``min_rest_hours`` between two stretches; the hours are shared out evenly. Slots that have
    already begun (before ``now``) are left as they are. Shifts already planned in the period are
    refused unless ``replace``, which removes those not yet begun. What could not be filled is
    returned (and shown by the check) rather than broken rules.
    """
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, centre.area_path)
    now = now or timezone.now()
    if days < 1 or days > MAX_ROSTER_DAYS or not EARLIEST_DAY <= start <= LATEST_DAY:
        raise ValidationError(
            {
                "days": [
                    ValidationError(
                        _("Lịch trực lập cho từ 1 đến %(max)d ngày, trong khoảng năm 2000–2100.")
                        % {"max": MAX_ROSTER_DAYS},
                        code=CommandErrorCode.ROSTER_PERIOD_INVALID,
                    )
                ]
            }
        )
    members = list(
        Member.objects.unscoped()
        .filter(centre=centre, active=True, takes_shifts=True)
        .order_by("order", "pk")
    )
    leaders = [m for m in members if m.is_leader]
    if len(members) < centre.officers_per_shift:
        raise ValidationError(
            _("Cần ít nhất %(need)d thành viên tham gia trực (hiện có %(have)d).")
            % {"need": centre.officers_per_shift, "have": len(members)},
            code=CommandErrorCode.ROSTER_NOT_ENOUGH,
        )
    if centre.leader_required and not leaders:
        raise ValidationError(
            _(
                "Mỗi ca cần một lãnh đạo trực, nhưng chưa có trưởng, phó hoặc ủy viên thường trực nào tham gia trực."
            ),
            code=CommandErrorCode.ROSTER_NO_LEADER,
        )
    slots = [slot for slot in roster_slots(centre, start, days) if slot.start >= now]
    with transaction.atomic():
        CommandCentre.objects.unscoped().select_for_update().filter(pk=centre.pk).first()
        period = Interval(slots[0].start, slots[-1].end) if slots else Interval(now, now)
        planned = list(
            Shift.objects.unscoped()
            .filter(centre=centre, starts_at__lt=period.end, ends_at__gt=period.start)
            .select_related("member")
        )
        replaced = 0
        if planned and slots:
            if not replace:
                raise ValidationError(
                    _("Đã có %(n)d ca trực trong khoảng này. Hãy chọn «lập lại» để thay các ca chưa bắt đầu.")
                    % {"n": len(planned)},
                    code=CommandErrorCode.ROSTER_EXISTS,
                )
            for shift in planned:
                if shift.starts_at < now:
                    continue
                audit_record(
                    actor=actor,
                    event=events.SHIFT_DELETED,
                    target=shift,
                    area_path=shift.area_path,
                    params={
                        "member": shift.member.full_name,
                        "start": timezone.localtime(shift.starts_at).strftime("%H:%M %d/%m/%Y"),
                    },
                    reason=_("Lập lại lịch trực"),
                )
                shift.delete()
                replaced += 1
        max_row = dt.timedelta(hours=centre.max_hours_in_row)
        min_rest = dt.timedelta(hours=centre.min_rest_hours)
        margin = max_row + min_rest
        kept = Shift.objects.unscoped().filter(
            member__in=members, starts_at__lt=period.end + margin, ends_at__gt=period.start - margin
        )
        created, unfilled = plan_roster(centre, members, slots, kept)
        Shift.objects.bulk_create(created)
        audit_record(
            actor=actor,
            event=events.ROSTER_GENERATED,
            target=centre,
            area_path=centre.area_path,
            params={
                "start": start.strftime("%d/%m/%Y"),
                "end": (start + dt.timedelta(days=days - 1)).strftime("%d/%m/%Y"),
                "n": len(created),
            },
        )
    check = roster_check(centre, day_start(centre, start), day_start(centre, start + dt.timedelta(days=days)))
    return RosterResult(created=created, replaced=replaced, check=check, unfilled=unfilled)


def shift_swap(
    *,
    actor: User,
    shift: Shift,
    to_member: Member | None,
    from_agreed: bool,
    to_agreed: bool,
    other_shift: Shift | None = None,
    reason: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ShiftSwap:
    """Record a swap both members agreed to: ``to_member`` takes ``shift``; with ``other_shift``
    (one of ``to_member``'s) the first member takes that one in exchange. Audited, both shifts
    updated in one transaction."""
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, shift.area_path)
    now = now or timezone.now()
    errors: dict[str, list[ValidationError]] = {}
    with transaction.atomic():
        locked = (
            Shift.objects.unscoped().select_for_update().select_related("member", "centre").get(pk=shift.pk)
        )
        from_member = locked.member
        if not (from_agreed and to_agreed):
            errors["to_agreed" if from_agreed else "from_agreed"] = [
                ValidationError(
                    _("Đổi ca cần cả hai người đồng ý: người nhường ca và người nhận ca."),
                    code=CommandErrorCode.SWAP_NOT_AGREED,
                )
            ]
        if to_member is None or to_member.centre_id != locked.centre_id or not to_member.active:
            errors["to_member"] = [
                ValidationError(
                    _("Người nhận ca phải là thành viên của %(centre)s.") % {"centre": locked.centre.name},
                    code=CommandErrorCode.MEMBER_OTHER_CENTRE,
                )
            ]
        elif to_member.pk == from_member.pk:
            errors["to_member"] = [
                ValidationError(
                    _("Người nhận ca trùng với người đang trực ca này."),
                    code=CommandErrorCode.SWAP_SAME_MEMBER,
                )
            ]
        if locked.ends_at <= now:
            errors["shift"] = [
                ValidationError(
                    _("Ca trực này đã kết thúc, không đổi được."), code=CommandErrorCode.SWAP_PAST
                )
            ]
        other: Shift | None = None
        if other_shift is not None:
            other = (
                Shift.objects.unscoped().select_for_update().select_related("member").get(pk=other_shift.pk)
            )
            if to_member is not None and (
                other.member_id != to_member.pk or other.centre_id != locked.centre_id
            ):
                errors["other_shift"] = [
                    ValidationError(
                        _("Ca đổi lại phải là một ca của người nhận ca."),
                        code=CommandErrorCode.SWAP_OTHER_SHIFT,
                    )
                ]
            elif other.ends_at <= now:
                errors["other_shift"] = [
                    ValidationError(
                        _("Ca đổi lại đã kết thúc, không đổi được."), code=CommandErrorCode.SWAP_PAST
                    )
                ]
        if errors:
            raise ValidationError(errors)
        if to_member is None:  # for the type checker: refused above
            raise ValidationError(_("Hãy chọn người nhận ca."))
        clean_reason = " ".join(reason.split())
        swap = audited_create(
            ShiftSwap(
                unit=locked.centre.unit,
                shift=locked,
                other_shift=other,
                from_member=from_member,
                to_member=to_member,
                from_agreed=True,
                to_agreed=True,
                reason=clean_reason,
                recorded_by=actor,
            ),
            actor=actor,
            event=events.SHIFT_SWAPPED,
            fields=("shift", "other_shift", "from_member", "to_member", "from_agreed", "to_agreed", "reason"),
            params={"from_name": from_member.full_name, "to_name": to_member.full_name},
            reason=clean_reason,
        )
        _move(locked, to_member, actor=actor, expected_version=expected_version, reason=clean_reason)
        if other is not None:
            _move(other, from_member, actor=actor, expected_version=None, reason=clean_reason)
    shift.refresh_from_db()
    return swap


def _move(shift: Shift, member: Member, *, actor: User, expected_version: int | None, reason: str) -> None:
    # A leader slot stays led only if the one taking it may lead.
    values: dict[str, Any] = {"member": member, "leads": shift.leads and member.is_leader}
    audited_update(
        shift,
        actor=actor,
        event=events.SHIFT_UPDATED,
        fields=("member", "starts_at", "ends_at", "leads", "note"),
        values=values,
        expected_version=expected_version,
        reason=reason or _("Đổi ca"),
    )


@dataclass
class SlotRow:
    """The shifts of one time slot of a day (same start and end), the leader first."""

    start: dt.datetime
    end: dt.datetime
    shifts: list[Shift]
    has_leader: bool
    double_booked: set[int]  # the ids of those shifts booked twice


@dataclass
class DayRow:
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    slots: list[SlotRow]
    gaps: list[Interval]
    without_leader: list[Interval]
    double_bookings: list[DoubleBooking]
    too_long: list[MemberStretch]
    short_rest: list[MemberStretch]
    covered_hours: float

    @property
    def problem_count(self) -> int:
        return (
            len(self.gaps)
            + len(self.without_leader)
            + len(self.double_bookings)
            + len(self.too_long)
            + len(self.short_rest)
        )


def _clip(interval: Interval, start: dt.datetime, end: dt.datetime) -> Interval | None:
    lo, hi = max(interval.start, start), min(interval.end, end)
    return Interval(lo, hi) if hi > lo else None


def roster_days(
    centre: CommandCentre, first: dt.date, days: int, shifts: Sequence[Shift], check: RosterCheck
) -> list[DayRow]:
    """The roster of ``days`` duty days from ``first`` as rows a phone can read: each day's
    slots with their members, and the problems that touch the day."""
    booked_twice = {d.first.pk for d in check.double_bookings} | {d.second.pk for d in check.double_bookings}
    rows: list[DayRow] = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        start, end = day_start(centre, day), day_start(centre, day + dt.timedelta(days=1))
        groups: dict[tuple[dt.datetime, dt.datetime], list[Shift]] = {}
        for shift in shifts:
            if start <= shift.starts_at < end:
                groups.setdefault((shift.starts_at, shift.ends_at), []).append(shift)
        slots = [
            SlotRow(
                start=s,
                end=e,
                shifts=sorted(members, key=lambda x: (not x.leads, x.member.full_name)),
                has_leader=any(x.leads for x in members),
                double_booked={x.pk for x in members if x.pk in booked_twice},
            )
            for (s, e), members in sorted(groups.items())
        ]
        gaps = [c for g in check.gaps if (c := _clip(g, start, end)) is not None]
        covered = (end - start) / HOUR - sum(g.hours for g in gaps)
        rows.append(
            DayRow(
                day=day,
                start=start,
                end=end,
                slots=slots,
                gaps=gaps,
                without_leader=[c for g in check.without_leader if (c := _clip(g, start, end)) is not None],
                double_bookings=[d for d in check.double_bookings if start <= d.start < end],
                too_long=[m for m in check.too_long if start <= m.start < end],
                short_rest=[m for m in check.short_rest if start <= m.start < end],
                covered_hours=covered,
            )
        )
    return rows
