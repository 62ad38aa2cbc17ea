"""Home care of an F0 (R-12): the twice-daily monitoring sheet, personal links, missed half-days."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import AreaScopedModel
from phaodai.homecare.enums import EntrySource, Slot


class MonitoringEntry(AreaScopedModel):
    """One reading of the "Phiếu theo dõi sức khỏe" for a case, in one half-day.

    ``rule_set`` is the warning-sign rule set in force for the case's commune on ``day``; the
    signs it raised are kept beside it (``signs``), so a later rule change never rewrites them.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="homecare_entries", verbose_name=_("ca bệnh")
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã quản lý")
    )
    day = models.DateField(_("ngày"))
    slot = models.CharField(_("buổi"), max_length=10, choices=Slot.choices)
    respiratory_rate = models.PositiveSmallIntegerField(_("nhịp thở (lần/phút)"), null=True, blank=True)
    pulse = models.PositiveSmallIntegerField(_("mạch (lần/phút)"), null=True, blank=True)
    temperature = models.DecimalField(
        _("nhiệt độ (°C)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    spo2 = models.PositiveSmallIntegerField(_("SpO2 (%)"), null=True, blank=True)
    systolic = models.PositiveSmallIntegerField(_("huyết áp tối đa (mmHg)"), null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(_("huyết áp tối thiểu (mmHg)"), null=True, blank=True)
    symptoms = models.JSONField(_("triệu chứng"), default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    rule_set = models.ForeignKey(
        "rules.RuleSet", on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ dấu hiệu cảnh báo")
    )
    # The numbers of the warning signs raised (1–11 under 261), and their reasons in Vietnamese.
    signs = models.JSONField(_("dấu hiệu cảnh báo"), default=list, blank=True, editable=False)
    sign_reasons = models.JSONField(default=list, blank=True, editable=False)
    has_warning = models.BooleanField(_("có dấu hiệu cảnh báo"), default=False, editable=False)
    source = models.CharField(_("người nhập"), max_length=8, choices=EntrySource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    link = models.ForeignKey(
        "homecare.MonitoringLink", on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    recorded_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        ordering = ["-day", "-slot", "-recorded_at"]
        indexes = [
            models.Index(fields=["area_path", "day"], name="homecare_entry_area_day"),
            models.Index(fields=["case", "day", "slot"], name="homecare_entry_case_slot"),
            models.Index(fields=["updated_at", "id"], name="homecare_entry_changed"),
        ]
        verbose_name = _("phiếu theo dõi sức khỏe")
        verbose_name_plural = _("phiếu theo dõi sức khỏe")

    def __str__(self) -> str:
        return f"{self.case_id} {self.day} {self.slot}"


class MonitoringLink(AreaScopedModel):
    """A personal link (and its QR code) by which the case or a relative fills in the sheet.

    Only the SHA-256 of the token is stored. It works for this case only, until the case's
    isolation ends (``case.isolation_until``), and not after it is revoked.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="homecare_links", verbose_name=_("ca bệnh")
    )
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["area_path"], name="homecare_link_area")]
        verbose_name = _("đường dẫn tự theo dõi")
        verbose_name_plural = _("đường dẫn tự theo dõi")

    def __str__(self) -> str:
        return f"link {self.pk} of case {self.case_id}"


class MissedSlot(AreaScopedModel):
    """A half-day of a home case's isolation that ended with no entry (flagged once)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="homecare_missed")
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày"))
    slot = models.CharField(_("buổi"), max_length=10, choices=Slot.choices)
    flagged_at = models.DateTimeField(_("phát hiện lúc"))

    class Meta:
        ordering = ["-day", "-slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "day", "slot"], name="%(app_label)s_%(class)s_case_slot_unique"
            )
        ]
        indexes = [models.Index(fields=["area_path", "day"], name="homecare_missed_area_day")]
        verbose_name = _("lần theo dõi bị bỏ lỡ")
        verbose_name_plural = _("lần theo dõi bị bỏ lỡ")

    def __str__(self) -> str:
        return f"{self.case_id} {self.day} {self.slot}"
