"""Residents' requests received and resolved by the commune command centre (R-23)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import AreaScopedModel
from phaodai.requests_desk.enums import (
    CLOSED_STATUSES,
    RequestCategory,
    RequestChannel,
    RequestStatus,
    Urgency,
)


class ResidentRequest(AreaScopedModel):
    """One request of a resident: from the public form or a phone call to the officer on duty.

    ``receipt_code`` is what the resident keeps to follow it (``receipts.new_code``): eight
    characters of an alphabet without look-alikes, unique, never derived from the record.
    """

    receipt_code = models.CharField(_("mã biên nhận"), max_length=8, unique=True, editable=False)
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("thôn/xã")
    )
    category = models.CharField(_("loại yêu cầu"), max_length=24, choices=RequestCategory.choices)
    urgency = models.CharField(_("mức độ"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=12, choices=RequestChannel.choices)
    description = models.TextField(_("nội dung"), max_length=2000)
    requester_name = models.CharField(_("người yêu cầu"), max_length=120)
    requester_phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nhân khẩu"),
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hộ gia đình"),
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    assigned_at = models.DateTimeField(_("giao lúc"), null=True, blank=True)
    resolution = models.TextField(_("kết quả giải quyết"), max_length=2000, blank=True)
    resolved_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người giải quyết"),
    )

    area_unit_field: ClassVar[str] = "unit"

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | models.Q(status__in=CLOSED_STATUSES),
                name="%(app_label)s_%(class)s_resolved_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "status", "received_at"], name="requests_area_status"),
            models.Index(fields=["updated_at", "id"], name="requests_changed"),
        ]
        verbose_name = _("yêu cầu của người dân")
        verbose_name_plural = _("yêu cầu của người dân")

    def __str__(self) -> str:
        return self.receipt_display

    @property
    def receipt_display(self) -> str:
        """The code as the resident reads it: ``ABCD-EFGH``."""
        return f"{self.receipt_code[:4]}-{self.receipt_code[4:]}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def time_to_resolve(self) -> dt.timedelta | None:
        """From receipt to closing (None while open)."""
        if self.resolved_at is None:
            return None
        return self.resolved_at - self.received_at

    @property
    def time_to_resolve_text(self) -> str:
        """ "3 giờ 20 phút", "2 ngày 4 giờ" (the reader's language), "" while open."""
        spent = self.time_to_resolve
        if spent is None:
            return ""
        minutes = max(0, int(spent.total_seconds() // 60))
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return gettext("%(d)d ngày %(h)d giờ") % {"d": days, "h": hours}
        return gettext("%(h)d giờ %(m)d phút") % {"h": hours, "m": minutes}
