"""Who is on duty, and alerts meant for "the officer on duty" (``Recipient.on_duty``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.enums import Severity
from phaodai.alerts.models import Alert, AlertDelivery
from phaodai.alerts.services import ON_DUTY, Recipient, alert_raise, recipient_resolver, resolve
from phaodai.command.enums import Office, Position
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import Shift
from phaodai.command.selectors import centre_established_on, officers_on_duty, on_duty_contacts
from phaodai.command.services import shift_create
from phaodai.command.tests.factories import make_centre, make_member, make_shift
from phaodai.core.roles import Role

T0 = dt.datetime(2026, 11, 30, 0, 0, tzinfo=dt.UTC)  # 07:00 in Vietnam


@pytest.fixture
def roster(units):
    commune = units["Xã Bản Phố"]
    centre = make_centre(unit=commune, established_on=dt.date(2021, 8, 26))
    chair_user = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="chutich_banpho")
    police_user = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="congan_banpho")
    chair = make_member(
        centre=centre,
        full_name="Lù Văn Chính",
        position=Position.HEAD,
        office=Office.PC_CHAIR,
        phone="0912300001",
        user=chair_user,
    )
    police = make_member(
        centre=centre,
        full_name="Thào Seo Dũng",
        position=Position.DEPUTY,
        office=Office.POLICE_CHIEF,
        phone="0912300002",
        user=police_user,
    )
    make_shift(member=chair, starts_at=T0, hours=8)
    make_shift(member=police, starts_at=T0 + dt.timedelta(hours=8), hours=8)
    return {"centre": centre, "chair": chair, "police": police, "commune": commune}


def _urgent(unit, *, now, target_id):
    return alert_raise(
        recipients=[Recipient.on_duty(unit)],
        severity=Severity.URGENT,
        subject="Yêu cầu khẩn của người dân",
        reason=f"urgent_request_{target_id}",
        unit=unit,
        now=now,
    )[0]


def test_officers_on_duty_are_those_on_a_shift_of_the_units_centre_at_that_moment(roster, units):
    chair, police = roster["chair"], roster["police"]

    assert officers_on_duty(roster["commune"], T0) == [chair]
    assert officers_on_duty(roster["commune"], T0 + dt.timedelta(hours=7, minutes=59)) == [chair]
    assert officers_on_duty(roster["commune"], T0 + dt.timedelta(hours=8)) == [police]
    assert officers_on_duty(roster["commune"], T0 + dt.timedelta(hours=16)) == []
    assert officers_on_duty(roster["commune"], T0 - dt.timedelta(seconds=1)) == []


def test_a_unit_without_a_centre_on_duty_gets_the_nearest_centre_up_the_tree(roster, units):
    district = make_centre(unit=units["Huyện Bắc Hà"])
    duty = make_member(centre=district, full_name="Hoàng Văn Huyện", position=Position.STANDING)
    make_shift(member=duty, starts_at=T0 - dt.timedelta(hours=4), hours=24)

    # a village has no centre, its commune's officer answers
    assert officers_on_duty(units["Thôn Bản Phố 1"], T0) == [roster["chair"]]
    # Lùng Phình has no centre: the district's; Bản Phố between shifts: the district's too
    assert officers_on_duty(units["Xã Lùng Phình"], T0) == [duty]
    assert officers_on_duty(roster["commune"], T0 + dt.timedelta(hours=17)) == [duty]
    # another district has nobody
    assert officers_on_duty(units["Xã Sán Chải"], T0) == []


def test_the_leader_of_the_shift_comes_first(roster):
    helper = make_member(centre=roster["centre"], full_name="Sùng Thị Mai", phone="0912300003")
    make_shift(member=helper, starts_at=T0, hours=8)

    assert officers_on_duty(roster["commune"], T0 + dt.timedelta(hours=1)) == [roster["chair"], helper]


def test_an_alert_to_the_officer_on_duty_reaches_exactly_them_and_the_next_after_a_shift_change(
    roster, units
):
    make_user(role=Role.COMMUNE_LEADER, home_unit=roster["commune"], username="phochutich_banpho")
    first = _urgent(roster["commune"], now=T0 + dt.timedelta(hours=7, minutes=50), target_id=1)
    second = _urgent(roster["commune"], now=T0 + dt.timedelta(hours=8, minutes=5), target_id=2)

    def reached(alert: Alert) -> list[str]:
        return sorted(AlertDelivery.objects.filter(alert=alert).values_list("user__username", flat=True))

    assert (first.recipient_role, first.recipient_unit) == (ON_DUTY, roster["commune"])
    assert reached(first) == ["chutich_banpho"]
    assert reached(second) == ["congan_banpho"]


def test_the_resolver_is_registered_by_the_command_app_and_skips_inactive_accounts(roster):
    assert recipient_resolver(ON_DUTY) is on_duty_contacts
    chair_user = roster["chair"].user
    chair_user.is_active = False
    chair_user.save(update_fields=["is_active"])

    assert resolve(Recipient.on_duty(roster["commune"]), T0 + dt.timedelta(hours=1)) == []
    # a member without an active account is still a contact by phone
    contacts = on_duty_contacts(roster["commune"], T0 + dt.timedelta(hours=1))
    assert [(c.user, c.phone, c.name) for c in contacts] == [(None, "0912300001", "Lù Văn Chính")]


def test_a_member_without_an_account_is_reached_by_sms_when_the_gateway_is_on(roster, settings, caplog):
    from phaodai.alerts.services import alert_phones_send

    helper = make_member(centre=roster["centre"], full_name="Sùng Thị Mai", phone="0912300003")
    make_shift(member=helper, starts_at=T0 + dt.timedelta(hours=16), hours=8)
    settings.USE_SMS_ALERTS = True
    settings.PHAODAI_SMS_GATEWAY = "phaodai.alerts.gateways.LoggingGateway"
    alert = _urgent(roster["commune"], now=T0 + dt.timedelta(hours=17), target_id=3)

    assert AlertDelivery.objects.filter(alert=alert).count() == 0
    assert alert_phones_send(alert_id=alert.pk, phones=["0912300003"]) == 1
    settings.USE_SMS_ALERTS = False
    assert alert_phones_send(alert_id=alert.pk, phones=["0912300003"]) == 0


def test_a_shift_ending_before_it_starts_is_refused_in_vietnamese_and_nothing_is_saved(
    roster, commune_leader
):
    before = Shift.objects.unscoped().count()
    with pytest.raises(ValidationError) as caught:
        shift_create(
            actor=commune_leader,
            centre=roster["centre"],
            member=roster["chair"],
            starts_at=T0 + dt.timedelta(days=2, hours=8),
            ends_at=T0 + dt.timedelta(days=2),
        )
    error = caught.value.error_dict["ends_at"][0]
    assert error.code == CommandErrorCode.SHIFT_ENDS_BEFORE_START
    assert error.messages == [
        "Ca trực phải kết thúc sau khi bắt đầu (kết thúc 07:00 02/12/2026, bắt đầu 15:00 02/12/2026)."
    ]
    assert Shift.objects.unscoped().count() == before


def test_the_date_a_centre_was_established_is_known(roster, units):
    assert centre_established_on(roster["commune"]) == dt.date(2021, 8, 26)
    assert centre_established_on(units["Xã Lùng Phình"]) is None
    make_centre(unit=units["Xã Lùng Phình"], established_on=None)
    assert centre_established_on(units["Xã Lùng Phình"]) is None


def test_an_unacknowledged_on_duty_alert_goes_once_to_the_officer_on_duty_of_the_district(
    roster, units, settings
):
    from phaodai.alerts.services import alerts_escalate_due

    district = make_centre(unit=units["Huyện Bắc Hà"])
    district_user = make_user(
        role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"], username="truc_huyen"
    )
    duty = make_member(
        centre=district, full_name="Hoàng Văn Huyện", position=Position.STANDING, user=district_user
    )
    make_shift(member=duty, starts_at=T0, hours=24)
    settings.PHAODAI_ALERT_ESCALATE_MINUTES = 60
    alert = _urgent(roster["commune"], now=T0 + dt.timedelta(hours=1), target_id=9)

    escalated = alerts_escalate_due(now=T0 + dt.timedelta(hours=3))
    again = alerts_escalate_due(now=T0 + dt.timedelta(hours=4))

    assert [(a.escalated_from_id, a.recipient_role, a.recipient_unit) for a in escalated] == [
        (alert.pk, ON_DUTY, units["Huyện Bắc Hà"])
    ]
    assert list(
        AlertDelivery.objects.filter(alert=escalated[0]).values_list("user__username", flat=True)
    ) == ["truc_huyen"]
    assert again == []
