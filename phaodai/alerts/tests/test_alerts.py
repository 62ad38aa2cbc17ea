"""Alerts: recipients resolved from a role in a unit when sent, grouping, the e-mail/SMS interval,
escalation one level up once, and the inbox with its unread badge."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.test import Client
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.enums import Severity
from phaodai.alerts.gateways import LoggingGateway
from phaodai.alerts.models import Alert, AlertDelivery, ChannelMessage
from phaodai.alerts.services import (
    Recipient,
    alert_acknowledge,
    alert_messages_send,
    alert_raise,
    alerts_escalate_due,
    resolve,
)
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_person
from tests.world import MODEL_BACKEND

T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def _staff(units, name, unit="Xã Bản Phố", role=Role.HEALTH_STAFF, **extra):
    user = make_user(role=role, home_unit=units[unit], username=name)
    for field, value in extra.items():
        setattr(user, field, value)
    user.save()
    return user


def _raise(units, person, *, now=T0, role=Role.HEALTH_STAFF, unit="Xã Bản Phố"):
    return alert_raise(
        recipients=[Recipient.of_role(role, units[unit])],
        severity=Severity.WARNING,
        subject="Người về từ vùng dịch: %(name)s",
        params={"name": person.full_name},
        reason="arrived_from_zone",
        target=person,
        unit=units[unit],
        link=f"/nhan-khau/{person.pk}/",
        now=now,
    )[0]


def test_a_role_in_a_unit_reaches_that_roles_active_users_of_that_unit(units):
    home = _staff(units, "yte_banpho")
    covering = _staff(units, "yte_huyen", unit="Huyện Bắc Hà")
    covering.extra_unit_paths = units["Xã Bản Phố"].path
    covering.save(update_fields=["extra_unit_paths"])
    _staff(units, "yte_lungphinh", unit="Xã Lùng Phình")
    _staff(units, "yte_nghi", is_active=False)
    _staff(units, "lanhdao_banpho", role=Role.COMMUNE_LEADER)
    _staff(units, "yte_thon", unit="Thôn Bản Phố 1")

    found = resolve(Recipient.of_role(Role.HEALTH_STAFF, units["Xã Bản Phố"]))

    assert [u.username for u in found] == ["yte_banpho", "yte_huyen"]
    assert home in found


def test_alerts_about_one_record_and_reason_are_one_group_resolved_at_each_event(units):
    first = _staff(units, "yte_a")
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo")
    alert = _raise(units, person)
    AlertDelivery.objects.filter(user=first).update(read_at=T0)
    later = _staff(units, "yte_b")  # joined the station after the first event

    again = _raise(units, person, now=T0 + dt.timedelta(minutes=5))
    third = _raise(units, person, now=T0 + dt.timedelta(minutes=9))

    assert again.pk == third.pk == alert.pk
    assert Alert.objects.unscoped().count() == 1
    third.refresh_from_db()
    assert (third.events, third.last_event_at, third.title) == (
        3,
        T0 + dt.timedelta(minutes=9),
        "Người về từ vùng dịch: Giàng Seo Páo",
    )
    deliveries = dict(AlertDelivery.objects.values_list("user__username", "read_at"))
    assert deliveries == {"yte_a": None, "yte_b": None}  # unread again for everyone on it
    assert later.pk in {d.user_id for d in AlertDelivery.objects.all()}


def test_email_and_sms_go_out_at_most_once_per_group_per_interval(units, settings):
    settings.USE_EMAIL_ALERTS = True
    settings.USE_SMS_ALERTS = True
    settings.PHAODAI_ALERT_INTERVAL_MINUTES = 60
    settings.PHAODAI_SMS_GATEWAY = "phaodai.alerts.gateways.LoggingGateway"
    LoggingGateway.sent.clear()
    _staff(units, "yte_a", email="yte.a@banpho.vn", phone="0912000111")
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo")

    sent = []
    for minutes in (0, 10, 59, 61, 70, 125):
        alert = _raise(units, person, now=T0 + dt.timedelta(minutes=minutes))
        sent.append(alert_messages_send(alert_id=alert.pk, now=T0 + dt.timedelta(minutes=minutes)))

    assert sent == [2, 0, 0, 2, 0, 2]
    assert [m.subject for m in mail.outbox] == [
        "Người về từ vùng dịch: Giàng Seo Páo",
        "Người về từ vùng dịch: Giàng Seo Páo (4 lần)",
        "Người về từ vùng dịch: Giàng Seo Páo (6 lần)",
    ]
    assert [to for to, _text in LoggingGateway.sent] == ["0912000111"] * 3
    assert ChannelMessage.objects.count() == 6


def test_nothing_goes_out_by_mail_while_the_flags_are_off(units):
    _staff(units, "yte_a", email="yte.a@banpho.vn", phone="0912000111")
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo")

    alert = _raise(units, person)

    assert alert_messages_send(alert_id=alert.pk, now=T0) == 0
    assert mail.outbox == []


def test_an_unacknowledged_alert_goes_once_to_the_same_role_one_level_up(units, settings):
    settings.PHAODAI_ALERT_ESCALATE_MINUTES = 240
    _staff(units, "yte_xa")
    _staff(units, "yte_huyen", unit="Huyện Bắc Hà")
    _staff(units, "yte_tinh", unit="Tỉnh Lào Cai")
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo")
    alert = _raise(units, person)

    early = alerts_escalate_due(now=T0 + dt.timedelta(minutes=239))
    escalated = alerts_escalate_due(now=T0 + dt.timedelta(minutes=240))
    later = alerts_escalate_due(now=T0 + dt.timedelta(days=3))

    assert (alert.escalate_after, early, later) == (T0 + dt.timedelta(minutes=240), [], [])
    assert len(escalated) == 1
    up = escalated[0]
    assert (up.recipient_role, up.recipient_unit, up.escalated_from, up.escalate_after, up.severity) == (
        Role.HEALTH_STAFF,
        units["Huyện Bắc Hà"],
        alert,
        None,
        Severity.URGENT,
    )
    assert list(AlertDelivery.objects.filter(alert=up).values_list("user__username", flat=True)) == [
        "yte_huyen"
    ]


def test_a_commune_leaders_alert_goes_to_the_district_leaders_and_an_acknowledged_one_nowhere(units):
    leader = _staff(units, "lanhdao_xa", role=Role.COMMUNE_LEADER)
    _staff(units, "lanhdao_huyen", unit="Huyện Bắc Hà", role=Role.DISTRICT_LEADER)
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo")
    other = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Thị Mai")
    waiting = alert_raise(
        recipients=[Recipient.of_user(leader)], severity=Severity.WARNING, subject="Cần xử lý", reason="r",
        target=person, now=T0,
    )[0]  # fmt: skip
    seen = alert_raise(
        recipients=[Recipient.of_user(leader)], severity=Severity.WARNING, subject="Cần xử lý", reason="r",
        target=other, now=T0,
    )[0]  # fmt: skip
    alert_acknowledge(
        actor=leader, delivery=AlertDelivery.objects.get(alert=seen), now=T0 + dt.timedelta(hours=1)
    )

    escalated = alerts_escalate_due(now=T0 + dt.timedelta(days=1))

    assert [(a.escalated_from_id, a.recipient_role, a.recipient_unit) for a in escalated] == [
        (waiting.pk, Role.DISTRICT_LEADER, units["Huyện Bắc Hà"])
    ]


def test_the_inbox_badge_open_and_acknowledge(units):
    user = _staff(units, "yte_a")
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo")
    _raise(units, person, now=timezone.now())
    delivery = AlertDelivery.objects.get(user=user)
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)

    badge = client.get("/canh-bao/dem/").content.decode()
    inbox = client.get("/canh-bao/").content.decode()
    opened = client.get(f"/canh-bao/{delivery.pk}/mo/")
    after = client.get("/canh-bao/dem/").content.decode()
    acknowledged = client.post(f"/canh-bao/{delivery.pk}/xac-nhan/")

    assert '<span class="badge" aria-label="1 cảnh báo chưa đọc">1</span>' in badge
    assert "Người về từ vùng dịch: Giàng Seo Páo" in inbox
    assert 'class="unread"' in inbox
    assert (opened.status_code, opened["Location"]) == (302, f"/nhan-khau/{person.pk}/")
    assert 'class="badge"' not in after
    assert acknowledged.status_code == 302
    delivery.refresh_from_db()
    assert delivery.read_at is not None
    assert delivery.acknowledged_at is not None
    assert Alert.objects.unscoped().get().acknowledged_by == user


def test_the_menu_fetches_the_badge_after_the_page_loads(units):
    user = _staff(units, "yte_a")
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)

    page = client.get("/").content.decode()

    assert 'hx-get="/canh-bao/dem/" hx-trigger="load, every 60s"' in page
