"""Alerts to staff: one row per group (same record, same reason, same recipients), one inbox line per user."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.alerts.enums import Channel, Severity
from phaodai.core.models import AreaScopedModel


class Alert(AreaScopedModel):
    """Something staff must know about a record, addressed to a user or to a role in a unit.

    Alerts about the same record and reason to the same recipients form one group
    (``group_key``): a new event while the group is open adds to ``events`` instead of a new
    line, so one outbreak never floods anyone. ``subject`` is a message id rendered in the
    reader's language with ``params``. An alert nobody acknowledged by ``escalate_after`` is
    escalated once, to the next level up (``escalated_from`` on the new alert).
    """

    unit = models.ForeignKey(
        "areas.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    severity = models.CharField(_("mức độ"), max_length=16, choices=Severity.choices, default=Severity.INFO)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=64)
    group_key = models.CharField(max_length=255)
    events = models.PositiveIntegerField(_("số lần"), default=1)
    last_event_at = models.DateTimeField(_("lần gần nhất"))
    # Who it is for: a user, or a role in a unit (resolved to users when sent).
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recipient_role = models.CharField(max_length=32, blank=True)
    recipient_unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalate_after = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalations"
    )
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    area_unit_field: ClassVar[str] = "unit"

    class Meta:
        ordering = ["-last_event_at", "-pk"]
        indexes = [
            models.Index(fields=["group_key", "acknowledged_at"], name="alerts_alert_group_open"),
            models.Index(fields=["escalate_after"], name="alerts_alert_escalate"),
        ]
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")

    def __str__(self) -> str:
        return self.title

    def derive_area(self) -> str:
        self.area_path = self.unit.path if self.unit is not None else ""
        return self.area_path

    @property
    def title(self) -> str:
        """The subject in the language active now."""
        template = gettext(self.subject)
        try:
            return template % self.params if self.params else template
        except (KeyError, TypeError, ValueError):
            return template


class AlertDelivery(models.Model):
    """One user's line of an alert: in the inbox always; read and acknowledged per user."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    # When an e-mail / SMS about this group last went to this user (at most one per interval).
    email_sent_at = models.DateTimeField(null=True, blank=True)
    sms_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-alert__last_event_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="%(app_label)s_%(class)s_once_per_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="alerts_delivery_unread")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.user_id}"


class ChannelMessage(models.Model):
    """One e-mail or SMS that went out (or was refused by the gateway): the delivery log.

    A message to a user hangs on their ``delivery``; an SMS to a contact known only by a phone (an
    officer on duty without an account) has no delivery and hangs on the ``alert`` itself."""

    delivery = models.ForeignKey(
        AlertDelivery, on_delete=models.CASCADE, related_name="messages", null=True, blank=True
    )
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="phone_messages", null=True, blank=True
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    sent_at = models.DateTimeField()
    address = models.CharField(max_length=200)
    ok = models.BooleanField(default=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery__isnull=False, alert__isnull=True)
                | models.Q(delivery__isnull=True, alert__isnull=False),
                name="alerts_channelmessage_delivery_or_phone",
            )
        ]
        indexes = [models.Index(fields=["alert", "address", "sent_at"], name="alerts_phone_msg_idx")]

    def __str__(self) -> str:
        return f"{self.channel} {self.address}"
