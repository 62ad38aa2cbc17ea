"""The duty roster: gaps and double bookings found exactly, generation by the centre's rules,
swaps with both members' agreement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from phaodai.audit.models import AuditEvent
from phaodai.command.enums import Office, Position
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import Shift, ShiftSwap
from phaodai.command.roster import Interval, roster_check, roster_generate, shift_swap
from phaodai.command.tests.factories import make_centre, make_member, make_shift

TZ = timezone.get_default_timezone()


def local(day: int, hour: int, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def centre(units):
    return make_centre(unit=units["Xã Bản Phố"], officers_per_shift=1, shift_hours=8, day_starts_at=7)


@pytest.fixture
def crew(centre):
    return {
        "chair": make_member(
            centre=centre, full_name="Lù Văn Chính", position=Position.HEAD, office=Office.PC_CHAIR
        ),
        "vice": make_member(
            centre=centre, full_name="Vàng Văn Phó", position=Position.DEPUTY, office=Office.PC_VICE_CHAIR
        ),
        "police": make_member(
            centre=centre, full_name="Thào Seo Dũng", position=Position.DEPUTY, office=Office.POLICE_CHIEF
        ),
        "health": make_member(centre=centre, full_name="Sùng Thị Mai", office=Office.HEALTH_HEAD),
        "culture": make_member(centre=centre, full_name="Giàng A Tủa", office=Office.CULTURE_OFFICER),
    }


def test_the_roster_detects_a_gap_and_a_double_booking(centre, crew):
    make_shift(member=crew["chair"], starts_at=local(7, 7), hours=8)  # 07–15
    make_shift(member=crew["vice"], starts_at=local(7, 15), hours=6)  # 15–21: nobody 21–23
    make_shift(member=crew["police"], starts_at=local(7, 23), hours=8)  # 23–07
    # the police chief is also put on 05–09 of the next morning: two shifts at once 05–07
    make_shift(member=crew["police"], starts_at=local(8, 5), hours=4, leads=True)

    check = roster_check(centre, local(7, 7), local(8, 7))

    assert check.gaps == [Interval(local(7, 21), local(7, 23))]
    assert [(d.member.full_name, d.start, d.end) for d in check.double_bookings] == [
        ("Thào Seo Dũng", local(8, 5), local(8, 7))
    ]
    assert check.without_leader == []
    assert not check.ok


def test_a_shift_without_a_leader_too_many_hours_in_a_row_and_a_short_rest_are_shown(centre, crew):
    make_shift(member=crew["health"], starts_at=local(7, 7), hours=8)  # no leader 07–15
    make_shift(member=crew["chair"], starts_at=local(7, 15), hours=8)
    make_shift(member=crew["chair"], starts_at=local(7, 23), hours=8)  # 16 hours in a row (> 12)
    make_shift(member=crew["vice"], starts_at=local(8, 7), hours=4)  # 07–11
    make_shift(member=crew["vice"], starts_at=local(8, 13), hours=4)  # rests 2 hours (< 8)

    check = roster_check(centre, local(7, 7), local(8, 17))

    assert check.gaps == [Interval(local(8, 11), local(8, 13))]
    assert check.without_leader == [Interval(local(7, 7), local(7, 15))]
    assert [(s.member.full_name, s.hours) for s in check.too_long] == [("Lù Văn Chính", 16.0)]
    assert [(s.member.full_name, s.start, s.hours) for s in check.short_rest] == [
        ("Vàng Văn Phó", local(8, 11), 2.0)
    ]
    assert check.double_bookings == []


def test_a_generated_week_covers_every_hour_with_a_leader_and_keeps_the_rules(centre, crew, commune_leader):
    centre.officers_per_shift = 2
    centre.save()
    monday = dt.date(2026, 12, 7)

    result = roster_generate(actor=commune_leader, centre=centre, start=monday, days=7, now=local(1, 0))

    assert len(result.created) == 7 * 3 * 2
    assert result.unfilled == []
    assert result.check.ok, result.check
    shifts = list(Shift.objects.unscoped().filter(centre=centre).order_by("starts_at"))
    per_slot: dict[dt.datetime, list[Shift]] = defaultdict(list)
    for shift in shifts:
        per_slot[shift.starts_at].append(shift)
    assert len(per_slot) == 21
    assert all(sum(s.leads for s in slot) == 1 for slot in per_slot.values())
    assert all(s.member.is_leader for s in shifts if s.leads)
    hours: dict[str, float] = defaultdict(float)
    for shift in shifts:
        hours[shift.member.full_name] += (shift.ends_at - shift.starts_at) / dt.timedelta(hours=1)
    assert sum(hours.values()) == 7 * 24 * 2
    assert max(hours.values()) - min(hours.values()) <= 16  # shared out evenly (within two shifts)
    assert AuditEvent.objects.filter(event="command.roster_generated").count() == 1


def test_generating_over_planned_shifts_is_refused_unless_replacing(centre, crew, commune_leader):
    monday = dt.date(2026, 12, 7)
    roster_generate(actor=commune_leader, centre=centre, start=monday, days=2, now=local(1, 0))
    before = Shift.objects.unscoped().count()

    with pytest.raises(ValidationError) as caught:
        roster_generate(actor=commune_leader, centre=centre, start=monday, days=2, now=local(1, 0))
    assert caught.value.error_list[0].code == CommandErrorCode.ROSTER_EXISTS
    assert Shift.objects.unscoped().count() == before

    # replacing from the middle of the first day keeps the shifts already begun
    result = roster_generate(
        actor=commune_leader, centre=centre, start=monday, days=2, replace=True, now=local(7, 16)
    )
    assert result.replaced == before - 2  # 07–15 and 15–23 of Monday had begun
    assert Shift.objects.unscoped().count() == 2 + len(result.created)


def test_a_centre_without_leaders_on_duty_cannot_generate(centre, commune_leader):
    make_member(centre=centre, full_name="Sùng Thị Mai")
    with pytest.raises(ValidationError) as caught:
        roster_generate(actor=commune_leader, centre=centre, start=dt.date(2026, 12, 7), days=7)
    assert caught.value.error_list[0].code == CommandErrorCode.ROSTER_NO_LEADER
    assert Shift.objects.unscoped().count() == 0


def test_a_swap_needs_both_members_agreement_and_is_audited(centre, crew, commune_leader):
    shift = make_shift(member=crew["chair"], starts_at=local(9, 7))
    theirs = make_shift(member=crew["vice"], starts_at=local(10, 7))

    with pytest.raises(ValidationError) as caught:
        shift_swap(
            actor=commune_leader,
            shift=shift,
            to_member=crew["vice"],
            from_agreed=True,
            to_agreed=False,
            now=local(1, 0),
        )
    assert caught.value.error_dict["to_agreed"][0].code == CommandErrorCode.SWAP_NOT_AGREED
    assert ShiftSwap.objects.unscoped().count() == 0

    swap = shift_swap(
        actor=commune_leader,
        shift=shift,
        to_member=crew["vice"],
        other_shift=theirs,
        from_agreed=True,
        to_agreed=True,
        reason="Bận họp huyện",
        expected_version=shift.version,
        now=local(1, 0),
    )

    shift.refresh_from_db()
    theirs.refresh_from_db()
    assert (shift.member, theirs.member) == (crew["vice"], crew["chair"])
    assert (swap.from_member, swap.to_member, swap.from_agreed, swap.to_agreed, swap.recorded_by) == (
        crew["chair"],
        crew["vice"],
        True,
        True,
        commune_leader,
    )
    events = list(AuditEvent.objects.order_by("pk").values_list("event", "reason"))
    assert events == [
        ("command.shift_swapped", "Bận họp huyện"),
        ("command.shift_updated", "Bận họp huyện"),
        ("command.shift_updated", "Bận họp huyện"),
    ]


def test_a_finished_shift_cannot_be_swapped(centre, crew, commune_leader):
    shift = make_shift(member=crew["chair"], starts_at=local(1, 7))
    with pytest.raises(ValidationError) as caught:
        shift_swap(
            actor=commune_leader,
            shift=shift,
            to_member=crew["vice"],
            from_agreed=True,
            to_agreed=True,
            now=local(2, 0),
        )
    assert caught.value.error_dict["shift"][0].code == CommandErrorCode.SWAP_PAST
