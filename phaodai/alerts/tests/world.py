"""The alerts app's part of the test world: an alert for each commune's leader."""

from __future__ import annotations

from typing import Any

from phaodai.alerts.enums import Severity
from phaodai.alerts.models import AlertDelivery
from phaodai.alerts.services import Recipient, alert_raise


def contribute(world: Any) -> None:
    own_alert = alert_raise(
        recipients=[Recipient.of_user(world.users["own_commune"])],
        severity=Severity.WARNING,
        subject="Cảnh báo cho Bản Phố",
        reason="world",
        unit=world.units["Xã Bản Phố"],
        link="/",
    )[0]
    other_alert = alert_raise(
        recipients=[Recipient.of_user(world.users["sibling_commune"])],
        severity=Severity.URGENT,
        subject="Cảnh báo bí mật của Lùng Phình",
        body="Nội dung bí mật của Lùng Phình",
        reason="world",
        unit=world.units["Xã Lùng Phình"],
        link="/",
    )[0]
    own = AlertDelivery.objects.get(alert=own_alert)
    other = AlertDelivery.objects.get(alert=other_alert)
    world.record("delivery_id", own=own.pk, other=other.pk)
    world.secret(other_alert.subject, other_alert.body)

    def state() -> list[Any]:
        return list(AlertDelivery.objects.filter(pk=other.pk).values_list("read_at", "acknowledged_at"))

    world.watch(state)
