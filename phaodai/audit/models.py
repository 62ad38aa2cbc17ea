"""Who changed or exported what, when: one row per action, written in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phaodai.core.access import ScopedQuerySet
from phaodai.core.fields import KeyField


class AuditAction(models.TextChoices):
    CREATED = "created", _("Tạo mới")
    UPDATED = "updated", _("Sửa")
    DELETED = "deleted", _("Xoá")
    MERGED = "merged", _("Gộp hồ sơ")
    MERGED_INTO = "merged_into", _("Bị gộp vào hồ sơ khác")
    EXPORTED = "exported", _("Xuất dữ liệu")


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
    # The record acted on: "people.person" + its primary key. Exports name no single record.
    target_type = models.CharField(max_length=64)
    target_id = models.BigIntegerField(null=True, blank=True)
    area_path = KeyField(max_length=255)
    # {"field": [before, after]} for changes; ids and parameters for merges and exports.
    changes = models.JSONField(default=dict, blank=True)
    summary = models.CharField(_("nội dung"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "area_path"

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "-occurred_at"], name="audit_target_time"),
            models.Index(fields=["area_path", "-occurred_at"], name="audit_area_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_type}#{self.target_id}"
