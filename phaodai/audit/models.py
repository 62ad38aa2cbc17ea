"""Who changed, exported or read what, when: one row per action, written in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AccessChannel, AccessKind, AuditAction
from phaodai.audit.events import get_event_type
from phaodai.core.access import ScopedManager
from phaodai.core.fields import KeyField

__all__ = ["AccessLog", "AuditAction", "AuditEvent"]


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("hành động"), max_length=16, choices=AuditAction.choices)
    # The app-declared event type (audit.events): "people.person_merged". No choices: an app adds
    # its own without a migration here. Blank on rows written before event types existed.
    event = models.CharField(_("sự kiện"), max_length=64, blank=True)
    # The record acted on: "people.person" + its primary key. Exports name no single record.
    target_type = models.CharField(max_length=64)
    target_id = models.BigIntegerField(null=True, blank=True)
    # The target's version after this event (versioned records): what changed since a version.
    target_version = models.PositiveIntegerField(null=True, blank=True)
    area_path = KeyField(max_length=255)
    # {"field": [before, after]} for changes; ids and parameters for merges and exports.
    changes = models.JSONField(default=dict, blank=True)
    # The parameters of the event type's summary, rendered when read (in the reader's language).
    params = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    # Rows written before event types: the summary as rendered then, in the writer's language.
    summary = models.CharField(_("nội dung"), max_length=300, blank=True)

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-occurred_at"], name="audit_target_time"),
            models.Index(fields=["area_path", "-occurred_at"], name="audit_area_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_type}#{self.target_id}"

    @property
    def description(self) -> str:
        """What happened, in the language active now (the legacy text for rows without an event)."""
        declared = get_event_type(self.event) if self.event else None
        if declared is None:
            return self.summary
        return declared.render(self.params)

    @property
    def event_label(self) -> str:
        declared = get_event_type(self.event) if self.event else None
        return str(declared.label) if declared is not None else self.get_action_display()


class AccessLog(models.Model):
    """One reading of personal data: who, when, what, through which channel, and why.

    Kept apart from the audit trail of changes: it is written on reads (many), with a single
    INSERT and no lookup, and read rarely (by an inspector, per person or per user).
    """

    occurred_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người truy cập"),
    )
    kind = models.CharField(_("loại truy cập"), max_length=16, choices=AccessKind.choices)
    channel = models.CharField(_("kênh"), max_length=16, choices=AccessChannel.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.BigIntegerField(null=True, blank=True)
    area_path = KeyField(max_length=255)
    count = models.PositiveIntegerField(_("số bản ghi"), default=1)
    purpose = models.TextField(_("mục đích"), blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-occurred_at"], name="audit_access_target"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_access_actor"),
            models.Index(fields=["area_path", "-occurred_at"], name="audit_access_area"),
        ]
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_type}#{self.target_id}"
