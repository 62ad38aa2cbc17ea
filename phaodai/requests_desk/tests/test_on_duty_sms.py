"""An urgent request when the officer on duty has no account, only a phone: the SMS goes through
the alerts' SMS gateway, is recorded, and follows the group's interval like any alert message."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pytest
from django.utils import timezone

from phaodai.alerts.enums import Channel
from phaodai.alerts.gateways import GatewayError
from phaodai.alerts.models import Alert, AlertDelivery, ChannelMessage
from phaodai.alerts.services import alert_phones_send
from phaodai.command.tests.factories import make_centre, make_member, make_shift
from phaodai.requests_desk.enums import Urgency
from phaodai.requests_desk.services import ALERT_REASON, alert_on_duty
from phaodai.requests_desk.tests.factories import make_request

pytestmark = pytest.mark.django_db


class RecordingGateway:
    """A gateway that keeps what it was asked to send (or refuses, when told to)."""

    sent: ClassVar[list[tuple[str, str]]] = []
    refuse: ClassVar[bool] = False

    def send(self, to: str, text: str) -> None:
        if self.refuse:
            raise GatewayError("HTTP 503")
        self.sent.append((to, text))


@pytest.fixture
def phone_only_on_duty(units, settings):
    settings.USE_SMS_ALERTS = True
    settings.PHAODAI_ALERT_INTERVAL_MINUTES = 60
    settings.PHAODAI_SMS_GATEWAY = f"{__name__}.RecordingGateway"
    RecordingGateway.sent = []
    RecordingGateway.refuse = False
    centre = make_centre(unit=units["Xã Bản Phố"])
    member = make_member(centre=centre, full_name="Sùng Thị Mai", phone="0912300003")
    now = timezone.now()
    make_shift(member=member, starts_at=now - dt.timedelta(hours=1), hours=8)
    return now


def test_the_phone_only_officer_on_duty_gets_one_sms_per_interval(
    units, phone_only_on_duty, django_capture_on_commit_callbacks
):
    now = phone_only_on_duty
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(unit=units["Thôn Bản Phố 1"], urgency=Urgency.URGENT, now=now)

    alert = Alert.objects.unscoped().get(target_id=request.pk, reason=ALERT_REASON)
    assert AlertDelivery.objects.filter(alert=alert).count() == 0  # no account, no inbox
    first_text = (
        f"Yêu cầu khẩn của người dân, mã {request.receipt_display}, tại Thôn Bản Phố 1\n"
        "Nhà hết gạo từ hôm qua, có hai cụ già."
    )
    assert RecordingGateway.sent == [("0912300003", first_text)]
    message = ChannelMessage.objects.get()
    assert (message.alert, message.delivery, message.channel, message.address, message.ok) == (
        alert,
        None,
        Channel.SMS,
        "0912300003",
        True,
    )

    # the same request's alert again within the hour: grouped, no second SMS
    with django_capture_on_commit_callbacks(execute=True):
        alert_on_duty(request, now=now + dt.timedelta(minutes=5))
    alert.refresh_from_db()
    assert alert.events == 2
    assert len(RecordingGateway.sent) == 1
    assert ChannelMessage.objects.count() == 1

    # once the interval has passed, the next SMS says how many times it happened
    assert (
        alert_phones_send(
            alert_id=alert.pk, phones=["0912300003"], now=message.sent_at + dt.timedelta(minutes=60)
        )
        == 1
    )
    assert RecordingGateway.sent[-1] == (
        "0912300003",
        f"Yêu cầu khẩn của người dân, mã {request.receipt_display}, tại Thôn Bản Phố 1 (2 lần)\n"
        "Nhà hết gạo từ hôm qua, có hai cụ già.",
    )
    assert ChannelMessage.objects.count() == 2


def test_a_refused_sms_is_recorded_and_an_acknowledged_alert_sends_none(
    units, phone_only_on_duty, django_capture_on_commit_callbacks
):
    now = phone_only_on_duty
    RecordingGateway.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(unit=units["Thôn Bản Phố 1"], urgency=Urgency.URGENT, now=now)
    alert = Alert.objects.unscoped().get(target_id=request.pk, reason=ALERT_REASON)
    message = ChannelMessage.objects.get()
    assert (message.alert, message.ok, message.error) == (alert, False, "HTTP 503")
    assert RecordingGateway.sent == []

    RecordingGateway.refuse = False
    Alert.objects.unscoped().filter(pk=alert.pk).update(acknowledged_at=now)
    assert alert_phones_send(alert_id=alert.pk, phones=["0912300003"], now=now + dt.timedelta(hours=2)) == 0
    assert RecordingGateway.sent == []


def test_with_sms_switched_off_nothing_is_sent(
    units, phone_only_on_duty, settings, django_capture_on_commit_callbacks
):
    settings.USE_SMS_ALERTS = False
    with django_capture_on_commit_callbacks(execute=True):
        make_request(unit=units["Thôn Bản Phố 1"], urgency=Urgency.URGENT, now=phone_only_on_duty)
    assert RecordingGateway.sent == []
    assert ChannelMessage.objects.count() == 0
