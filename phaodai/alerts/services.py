"""Raising alerts, resolving who gets them, sending them by e-mail/SMS without flooding, escalating.

* ``alert_raise(recipients=[Recipient.of_role(Role.HEALTH_STAFF, commune)], …)``: for each
  recipient, the open alert of the same group (record + reason + recipient) takes the new event
  (``events`` + 1, unread again for everyone on it); otherwise a new alert. A role in a unit is
  resolved to the active users of that role whose home unit (or one of whose extra units) is
  that unit, *when it is sent*: someone who joins later gets the next event of the group.
* After commit, ``send_alert_messages`` (a task) sends e-mail (``USE_EMAIL_ALERTS``) and SMS
  (``USE_SMS_ALERTS``) to each user at most once per group per
  ``PHAODAI_ALERT_INTERVAL_MINUTES``; events in between are only counted (the next message says
  how many).
* ``alerts_escalate_due(now=…)``: an alert that nobody acknowledged by its ``escalate_after``
  goes once to the next level up: the same role in the parent unit, a commune or district
  leader's to the leaders of the district or province. The escalated alert is not escalated again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from phaodai.accounts.models import User
from phaodai.alerts.enums import Channel, Severity
from phaodai.alerts.gateways import GatewayError, gateway
from phaodai.alerts.models import Alert, AlertDelivery, ChannelMessage
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Role

logger = logging.getLogger(__name__)

# The role an unacknowledged alert goes to one level up; roles not named keep their role.
NEXT_ROLE_UP: dict[str, str] = {
    Role.COMMUNE_LEADER: Role.DISTRICT_LEADER,
    Role.DISTRICT_LEADER: Role.PROVINCE_LEADER,
}


# The role of "the officer on duty" of a unit: resolved, when an alert is sent, by the resolver an
# app registers for it (command: the members on duty at that moment, from its roster).
ON_DUTY = "on_duty"


@dataclass(frozen=True)
class Contact:
    """Someone a resolver says an alert reaches: a user account, or only a phone number (a
    member of a body without an account, reached by SMS when the gateway is on)."""

    user: User | None = None
    phone: str = ""
    name: str = ""


RecipientResolver = Callable[[AdminUnit, dt.datetime], Sequence[Contact]]
_RESOLVERS: dict[str, RecipientResolver] = {}


def register_recipient_resolver(role: str, fn: RecipientResolver) -> None:
    """Let an app say who a pseudo-role in a unit is at a moment (``fn(unit, at)``).

    Called from the app's ``AppConfig.ready`` (command registers ``ON_DUTY``); registering a
    role again replaces its resolver (the same app configured twice in tests).
    """
    _RESOLVERS[role] = fn


def recipient_resolver(role: str) -> RecipientResolver | None:
    return _RESOLVERS.get(role)


@dataclass(frozen=True)
class Recipient:
    """A user, or a role in a unit ("the health staff of Xã Bản Phố")."""

    user: User | None = None
    role: str = ""
    unit: AdminUnit | None = None

    @classmethod
    def of_user(cls, user: User) -> Recipient:
        return cls(user=user)

    @classmethod
    def of_role(cls, role: str, unit: AdminUnit) -> Recipient:
        return cls(role=role, unit=unit)

    @classmethod
    def on_duty(cls, unit: AdminUnit) -> Recipient:
        """The officers on duty for ``unit`` when the alert is sent (its command centre's roster;
        none there: the nearest centre up the tree)."""
        return cls(role=ON_DUTY, unit=unit)

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"user:{self.user.pk}"
        return f"role:{self.role}@{self.unit.pk if self.unit else ''}"

    def one_level_up(self) -> Recipient | None:
        """Who an unacknowledged alert for this recipient is escalated to (None at the top)."""
        if self.user is not None:
            home = self.user.home_unit
            if home is None or home.parent is None:
                return None
            return Recipient.of_role(NEXT_ROLE_UP.get(self.user.role, self.user.role), home.parent)
        if self.unit is None or self.unit.parent is None:
            return None
        return Recipient.of_role(NEXT_ROLE_UP.get(self.role, self.role), self.unit.parent)


def resolve_contacts(recipient: Recipient, at: dt.datetime | None = None) -> list[Contact]:
    """Who an alert for ``recipient`` reaches at ``at`` (now): users, and for a pseudo-role with
    a resolver (``ON_DUTY``) also people known only by their phone."""
    if recipient.user is None and recipient.unit is not None:
        resolver = _RESOLVERS.get(recipient.role)
        if resolver is not None:
            found = resolver(recipient.unit, at or timezone.now())
            contacts: list[Contact] = []
            seen: set[str] = set()
            for contact in found:
                if contact.user is not None and not contact.user.is_active:
                    continue
                key = f"u{contact.user.pk}" if contact.user is not None else f"p{contact.phone}"
                if (contact.user is None and not contact.phone) or key in seen:
                    continue
                seen.add(key)
                contacts.append(contact)
            return contacts
    return [Contact(user=user) for user in resolve(recipient, at)]


def resolve(recipient: Recipient, at: dt.datetime | None = None) -> list[User]:
    """The users an alert for ``recipient`` reaches at ``at`` (now), by primary key."""
    if recipient.user is not None:
        return [recipient.user] if recipient.user.is_active else []
    if recipient.unit is None:
        return []
    if recipient.role in _RESOLVERS:
        users = {c.user.pk: c.user for c in resolve_contacts(recipient, at) if c.user is not None}
        return [users[pk] for pk in sorted(users)]
    path = recipient.unit.path
    candidates = User.objects.filter(is_active=True, role=recipient.role).filter(
        Q(home_unit=recipient.unit) | Q(extra_unit_paths__contains=path)
    )
    return sorted(
        (u for u in candidates if u.home_unit_id == recipient.unit.pk or path in u.extra_unit_paths.split()),
        key=lambda u: u.pk,
    )


def _recipient_of(alert: Alert) -> Recipient:
    if alert.recipient_user is not None:
        return Recipient.of_user(alert.recipient_user)
    return Recipient(role=alert.recipient_role, unit=alert.recipient_unit)


def _group_key(target_type: str, target_id: int | None, reason: str, recipient: Recipient) -> str:
    return f"{target_type}:{target_id or ''}:{reason}:{recipient.key}"[:255]


@transaction.atomic
def alert_raise(
    *,
    recipients: Sequence[Recipient],
    severity: Severity,
    subject: str,
    reason: str,
    target: models.Model | None = None,
    params: dict[str, Any] | None = None,
    body: str = "",
    link: str = "",
    unit: AdminUnit | None = None,
    escalate: bool = True,
    now: dt.datetime | None = None,
) -> list[Alert]:
    """Raise (or add to) one alert per recipient; ``subject`` is a message id (``gettext_noop``).

    Returns the alerts written. E-mail and SMS are sent after commit (``send_alert_messages``).
    """
    now = now or timezone.now()
    target_type = target._meta.label_lower if target is not None else ""
    target_id = target.pk if target is not None else None
    written: list[Alert] = []
    for recipient in recipients:
        key = _group_key(target_type, target_id, reason, recipient)
        alert = (
            Alert.objects.unscoped()
            .select_for_update()
            .filter(group_key=key, acknowledged_at__isnull=True, escalated_from__isnull=True)
            .order_by("-pk")
            .first()
        )
        if alert is not None:
            Alert.objects.unscoped().filter(pk=alert.pk).update(
                events=F("events") + 1, last_event_at=now, body=body, severity=severity, params=params or {}
            )
            alert.refresh_from_db()
            AlertDelivery.objects.filter(alert=alert).update(read_at=None)
        else:
            alert = Alert(
                unit=unit,
                severity=severity,
                subject=subject,
                params=params or {},
                body=body,
                link=link,
                target_type=target_type,
                target_id=target_id,
                reason=reason,
                group_key=key,
                last_event_at=now,
                recipient_user=recipient.user,
                recipient_role=recipient.role,
                recipient_unit=recipient.unit,
                escalate_after=(
                    now + dt.timedelta(minutes=settings.PHAODAI_ALERT_ESCALATE_MINUTES)
                    if escalate and recipient.one_level_up() is not None
                    else None
                ),
            )
            alert.save()
        contacts = resolve_contacts(recipient, now)
        _deliver(alert, [c.user for c in contacts if c.user is not None])
        phones = sorted({c.phone for c in contacts if c.user is None and c.phone})
        written.append(alert)
        transaction.on_commit(partial(_after_commit, alert.pk, alert.escalate_after))
        if phones and settings.USE_SMS_ALERTS:
            transaction.on_commit(partial(_phones_after_commit, alert.pk, phones))
    return written


def _deliver(alert: Alert, users: Iterable[User]) -> None:
    have = set(AlertDelivery.objects.filter(alert=alert).values_list("user_id", flat=True))
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(alert=alert, user=user) for user in users if user.pk not in have]
    )


def _after_commit(alert_id: int, escalate_after: dt.datetime | None) -> None:
    from phaodai.alerts.tasks import escalate_alert, send_alert_messages

    if settings.USE_EMAIL_ALERTS or settings.USE_SMS_ALERTS:
        send_alert_messages.enqueue(alert_id=alert_id)
    backend = escalate_alert.get_backend()
    if escalate_after is not None and backend.supports_defer:
        escalate_alert.using(run_after=escalate_after).enqueue(alert_id=alert_id)


def _phones_after_commit(alert_id: int, phones: list[str]) -> None:
    from phaodai.alerts.tasks import send_alert_to_phones

    send_alert_to_phones.enqueue(alert_id=alert_id, phones=phones)


def alert_phones_send(*, alert_id: int, phones: Sequence[str], now: dt.datetime | None = None) -> int:
    """Send the alert by SMS, through the gateway, to people known only by their phone (no account,
    so no inbox); returns how many went out. Like a user's SMS: at most one per phone per group per
    ``PHAODAI_ALERT_INTERVAL_MINUTES`` (the next says how many events there were), none once the
    alert is acknowledged; each attempt is a ``ChannelMessage`` on the alert (refused ones too)."""
    now = now or timezone.now()
    if not settings.USE_SMS_ALERTS:
        return 0
    sent = 0
    with transaction.atomic():
        # The alert's row is the lock: two workers never send the same SMS twice.
        alert = Alert.objects.unscoped().select_for_update().filter(pk=alert_id).first()
        if alert is None or alert.acknowledged_at is not None:
            return 0
        text = _message_text(alert)
        for phone in sorted(set(phones)):
            last = (
                ChannelMessage.objects.filter(alert=alert, channel=Channel.SMS, address=phone)
                .order_by("-sent_at")
                .values_list("sent_at", flat=True)
                .first()
            )
            if not _due(last, now):
                continue
            error = ""
            try:
                gateway().send(phone, text[:480])
            except GatewayError as exc:
                error = str(exc)[:300]
                logger.warning("SMS of alert %s to a phone-only contact failed: %s", alert_id, exc)
            ChannelMessage.objects.create(
                alert=alert, channel=Channel.SMS, sent_at=now, address=phone, ok=not error, error=error
            )
            sent += 0 if error else 1
    return sent


def _due(last: dt.datetime | None, now: dt.datetime) -> bool:
    return last is None or now - last >= dt.timedelta(minutes=settings.PHAODAI_ALERT_INTERVAL_MINUTES)


def _message_text(alert: Alert) -> str:
    with override(settings.LANGUAGE_CODE):
        text = alert.title
        if alert.events > 1:
            text += " " + _("(%(n)d lần)") % {"n": alert.events}
        if alert.body:
            text += "\n" + alert.body
    return text


def alert_messages_send(*, alert_id: int, now: dt.datetime | None = None) -> int:
    """Send the alert's e-mail/SMS to each user whose last one for this group is older than the
    interval; returns how many went out. Each send is recorded (``ChannelMessage``)."""
    now = now or timezone.now()
    alert = Alert.objects.unscoped().filter(pk=alert_id).first()
    if alert is None or alert.acknowledged_at is not None:
        return 0
    sent = 0
    text = _message_text(alert)
    deliveries = AlertDelivery.objects.filter(alert=alert).select_related("user")
    for delivery in deliveries:
        user = delivery.user
        if settings.USE_EMAIL_ALERTS and user.email and _due(delivery.email_sent_at, now):
            with transaction.atomic():
                claimed = AlertDelivery.objects.filter(pk=delivery.pk, email_sent_at=delivery.email_sent_at)
                if claimed.update(email_sent_at=now):
                    subject, _sep, rest = text.partition("\n")
                    error = ""
                    try:
                        send_mail(subject[:200], rest or subject, None, [user.email])
                    except OSError as exc:
                        error = str(exc)[:300]
                    ChannelMessage.objects.create(
                        delivery=delivery,
                        channel=Channel.EMAIL,
                        sent_at=now,
                        address=user.email,
                        ok=not error,
                        error=error,
                    )
                    sent += 1
        if settings.USE_SMS_ALERTS and user.phone and _due(delivery.sms_sent_at, now):
            with transaction.atomic():
                claimed = AlertDelivery.objects.filter(pk=delivery.pk, sms_sent_at=delivery.sms_sent_at)
                if claimed.update(sms_sent_at=now):
                    error = ""
                    try:
                        gateway().send(user.phone, text[:480])
                    except GatewayError as exc:
                        error = str(exc)[:300]
                    ChannelMessage.objects.create(
                        delivery=delivery,
                        channel=Channel.SMS,
                        sent_at=now,
                        address=user.phone,
                        ok=not error,
                        error=error,
                    )
                    sent += 1
    return sent


@transaction.atomic
def alert_read(*, actor: User, delivery: AlertDelivery, now: dt.datetime | None = None) -> AlertDelivery:
    if delivery.user_id != actor.pk:
        raise PermissionDenied(_("Cảnh báo này không gửi cho bạn."))
    if delivery.read_at is None:
        delivery.read_at = now or timezone.now()
        delivery.save(update_fields=["read_at"])
    return delivery


@transaction.atomic
def alert_acknowledge(
    *, actor: User, delivery: AlertDelivery, now: dt.datetime | None = None
) -> AlertDelivery:
    """The recipient has seen to it: read, acknowledged, and the group stops escalating and mailing."""
    if delivery.user_id != actor.pk:
        raise PermissionDenied(_("Cảnh báo này không gửi cho bạn."))
    now = now or timezone.now()
    AlertDelivery.objects.filter(pk=delivery.pk).update(
        read_at=delivery.read_at or now, acknowledged_at=delivery.acknowledged_at or now
    )
    Alert.objects.unscoped().filter(pk=delivery.alert_id, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor
    )
    delivery.refresh_from_db()
    return delivery


def alerts_escalate_due(
    *, now: dt.datetime | None = None, alert_ids: Sequence[int] | None = None
) -> list[Alert]:
    """Escalate, once, each alert past its ``escalate_after`` that nobody acknowledged."""
    now = now or timezone.now()
    due = (
        Alert.objects.unscoped()
        .filter(escalate_after__lte=now, escalated_at__isnull=True, acknowledged_at__isnull=True)
        .select_related("recipient_user__home_unit__parent", "recipient_unit__parent", "unit")
    )
    if alert_ids is not None:
        due = due.filter(pk__in=alert_ids)
    escalated: list[Alert] = []
    for alert in due.order_by("pk"):
        with transaction.atomic():
            if (
                not Alert.objects.unscoped()
                .filter(pk=alert.pk, escalated_at__isnull=True)
                .update(escalated_at=now)
            ):
                continue
            above = _recipient_of(alert).one_level_up()
            if above is None:
                continue
            copy = Alert(
                unit=alert.unit,
                severity=Severity.URGENT if alert.severity != Severity.INFO else Severity.WARNING,
                subject=alert.subject,
                params=alert.params,
                body=alert.body,
                link=alert.link,
                target_type=alert.target_type,
                target_id=alert.target_id,
                reason=alert.reason,
                group_key=_group_key(alert.target_type, alert.target_id, alert.reason, above),
                events=alert.events,
                last_event_at=now,
                recipient_role=above.role,
                recipient_unit=above.unit,
                escalated_from=alert,
            )
            copy.save()
            contacts = resolve_contacts(above, now)
            _deliver(copy, [c.user for c in contacts if c.user is not None])
            transaction.on_commit(partial(_after_commit, copy.pk, None))
            phones = sorted({c.phone for c in contacts if c.user is None and c.phone})
            if phones and settings.USE_SMS_ALERTS:
                transaction.on_commit(partial(_phones_after_commit, copy.pk, phones))
            escalated.append(copy)
    return escalated
