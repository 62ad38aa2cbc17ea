"""An urgent request alerts exactly the officer on duty at that moment, and the next one after a
shift change (issue 10, "Done means")."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.models import Alert, AlertDelivery
from phaodai.command.enums import Office, Position
from phaodai.command.tests.factories import make_centre, make_member, make_shift
from phaodai.core.roles import Role
from phaodai.requests_desk.enums import RequestCategory, Urgency
from phaodai.requests_desk.services import ALERT_REASON, request_create
from phaodai.requests_desk.tests.factories import make_request

T0 = dt.datetime(2026, 11, 30, 0, 0, tzinfo=dt.UTC)  # 07:00 in Vietnam


@pytest.fixture
def roster(units):
    commune = units["Xã Bản Phố"]
    centre = make_centre(unit=commune)
    day = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="truc_ngay")
    evening = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="truc_toi")
    bystander = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="khong_truc")
    day_member = make_member(
        centre=centre, full_name="Lù Văn Chính", position=Position.HEAD, office=Office.PC_CHAIR, user=day
    )
    evening_member = make_member(
        centre=centre,
        full_name="Thào Seo Dũng",
        position=Position.DEPUTY,
        office=Office.POLICE_CHIEF,
        user=evening,
    )
    make_member(centre=centre, full_name="Vàng A Tủa", user=bystander)
    make_shift(member=day_member, starts_at=T0, hours=8)
    make_shift(member=evening_member, starts_at=T0 + dt.timedelta(hours=8), hours=8)
    return {"day": day, "evening": evening, "bystander": bystander, "commune": commune}


def _recipients(request) -> list[str]:
    alerts = Alert.objects.unscoped().filter(
        target_type="requests_desk.residentrequest", target_id=request.pk
    )
    return sorted(AlertDelivery.objects.filter(alert__in=alerts).values_list("user__username", flat=True))


@pytest.mark.django_db
def test_an_urgent_request_alerts_the_officer_on_duty_then_the_next_one_after_the_shift_change(roster, units):
    village = units["Thôn Bản Phố 1"]

    first = make_request(unit=village, urgency=Urgency.URGENT, now=T0 + dt.timedelta(hours=7, minutes=59))
    second = make_request(
        unit=village,
        category=RequestCategory.MEDICINE,
        urgency=Urgency.URGENT,
        now=T0 + dt.timedelta(hours=8),
    )

    assert _recipients(first) == ["truc_ngay"]
    assert _recipients(second) == ["truc_toi"]
    alert = Alert.objects.unscoped().get(target_id=first.pk, reason=ALERT_REASON)
    assert alert.severity == "urgent"
    assert alert.link == f"/yeu-cau/{first.pk}/"
    assert alert.title == f"Yêu cầu khẩn của người dân, mã {first.receipt_display}, tại Thôn Bản Phố 1"


@pytest.mark.django_db
def test_a_normal_request_alerts_nobody(roster, units):
    request = make_request(unit=units["Thôn Bản Phố 1"], now=T0 + dt.timedelta(hours=1))

    assert _recipients(request) == []
    assert Alert.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_transport_to_hospital_is_urgent_whatever_was_chosen(roster, units):
    request = make_request(
        unit=units["Thôn Bản Phố 2"],
        category=RequestCategory.HOSPITAL_TRANSPORT,
        urgency=Urgency.NORMAL,
        now=T0 + dt.timedelta(hours=9),
    )

    assert request.urgency == Urgency.URGENT
    assert _recipients(request) == ["truc_toi"]


@pytest.mark.django_db
def test_a_phone_call_entered_urgent_by_an_officer_alerts_the_officer_on_duty(roster, units, commune_leader):
    request = request_create(
        actor=commune_leader,
        unit=units["Thôn Bản Phố 1"],
        category=RequestCategory.FOOD,
        urgency=Urgency.URGENT,
        description="Gia đình cách ly, hết lương thực.",
        requester_name="Giàng A Sử",
        requester_phone="0987000111",
        now=T0 + dt.timedelta(hours=2),
    )

    assert _recipients(request) == ["truc_ngay"]
    assert request.received_by == commune_leader
    assert request.channel == "phone_call"
