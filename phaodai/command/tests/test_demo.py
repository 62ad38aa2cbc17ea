"""The command part of the small demo (seed 42, today 1/9/2021): the centres of Bắc Hà and its
three communes, established around the letter's deadline, and this week's roster."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.areas.enums import UnitLevel
from phaodai.command.demo import DEADLINE
from phaodai.command.enums import Office, Position
from phaodai.command.models import CommandCentre, Member, SteeringCommittee
from phaodai.command.roster import day_start, roster_check
from phaodai.command.selectors import centre_established_on, officers_on_duty
from phaodai.demo.tests.conftest import TODAY, small_demo  # noqa: F401 - the module's fixture

pytestmark = pytest.mark.django_db


def test_the_demo_district_and_its_communes_have_committees_and_centres(small_demo):  # noqa: F811
    centres = list(
        CommandCentre.objects.unscoped().select_related("unit").order_by("unit__level", "unit__code")
    )
    assert [c.unit.level for c in centres] == [
        UnitLevel.DISTRICT,
        UnitLevel.COMMUNE,
        UnitLevel.COMMUNE,
        UnitLevel.COMMUNE,
    ]
    assert SteeringCommittee.objects.unscoped().count() == 4
    dates = [c.established_on for c in centres if c.established_on is not None]
    assert all(DEADLINE - dt.timedelta(days=4) <= d <= TODAY for d in dates)
    for centre in centres:
        assert centre_established_on(centre.unit) == centre.established_on
        heads = Member.objects.unscoped().filter(centre=centre, position=Position.HEAD)
        assert [h.office for h in heads] == [Office.PC_CHAIR]
    for committee in SteeringCommittee.objects.unscoped():
        heads = Member.objects.unscoped().filter(committee=committee, position=Position.HEAD)
        assert [h.office for h in heads] == [Office.PARTY_SECRETARY]


def test_the_demo_commune_leader_heads_ban_pho_and_this_week_is_covered_24_24(small_demo):  # noqa: F811
    ban_pho = CommandCentre.objects.unscoped().select_related("unit").get(unit__code="02866")
    head = Member.objects.unscoped().get(centre=ban_pho, position=Position.HEAD)
    assert head.user is not None
    assert head.user.username == "canbo.xa"
    assert ban_pho.established_on is not None
    assert ban_pho.established_on < DEADLINE
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    check = roster_check(
        ban_pho, day_start(ban_pho, monday), day_start(ban_pho, monday + dt.timedelta(days=7))
    )
    assert check.ok, check
    on_duty = officers_on_duty(ban_pho.unit, day_start(ban_pho, monday) + dt.timedelta(hours=30))
    assert len(on_duty) == ban_pho.officers_per_shift
    assert any(m.is_leader for m in on_duty)
