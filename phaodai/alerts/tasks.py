"""Background work of the alerts: sending e-mail/SMS after commit, escalating when due."""

from __future__ import annotations

from django_tasks import task

from phaodai.alerts.services import alert_messages_send, alert_phones_send, alerts_escalate_due


@task()
def send_alert_messages(alert_id: int) -> int:
    return alert_messages_send(alert_id=alert_id)


@task()
def escalate_alert(alert_id: int) -> int:
    return len(alerts_escalate_due(alert_ids=[alert_id]))


@task()
def send_alert_to_phones(alert_id: int, phones: list[str]) -> int:
    return alert_phones_send(alert_id=alert_id, phones=phones)
