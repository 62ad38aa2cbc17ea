"""Violations of the epidemic rules and how they were handled (R-28)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.fields import KeyField
from phaodai.core.models import AreaScopedModel
from phaodai.violations.enums import Decision, OffenderKind, PaymentStatus


class Violation(AreaScopedModel):
    """One violation: who, which rule (and its legal basis), where, when, and the decision on it.

    The offender is a resident of the registry (``person``), an establishment (``establishment``,
    a link to the establishments registry), or someone not registered; ``offender_name`` is always
    the name as written on the record (for a resident or establishment, their name at the time),
    so a record stays readable whatever happens to the registry later.
    """

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="violations", verbose_name=_("địa bàn")
    )
    offender_kind = models.CharField(
        _("đối tượng vi phạm"), max_length=16, choices=OffenderKind.choices, default=OffenderKind.PERSON
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("người vi phạm"),
    )
    # Added with the establishments registry (migration 0002): rows recorded before name the
    # establishment in offender_name, which every row keeps.
    establishment = models.ForeignKey(
        "establishments.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("cơ sở vi phạm"),
    )
    offender_name = models.CharField(_("tên người hoặc cơ sở vi phạm"), max_length=160)
    offender_address = models.CharField(_("địa chỉ người vi phạm"), max_length=255, blank=True)
    rule_text = models.CharField(_("hành vi vi phạm"), max_length=300)
    legal_basis = models.CharField(
        _("căn cứ pháp lý"),
        max_length=200,
        help_text=_("Ví dụ: điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP"),
    )
    place = models.CharField(_("nơi vi phạm"), max_length=255)
    occurred_at = models.DateTimeField(_("thời điểm vi phạm"))
    description = models.TextField(_("diễn biến"), blank=True)
    decision = models.CharField(
        _("hình thức xử lý"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    # Đồng (VND), a whole number; only a fine has one, and it is above zero (constraint below).
    fine_amount = models.PositiveBigIntegerField(_("số tiền phạt (đồng)"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    suspended_until = models.DateField(_("đình chỉ đến ngày"), null=True, blank=True)
    referred_to = models.CharField(_("chuyển đến cơ quan"), max_length=160, blank=True)
    payment_status = models.CharField(
        _("tình trạng nộp phạt"),
        max_length=16,
        choices=PaymentStatus.choices,
        default=PaymentStatus.NOT_APPLICABLE,
    )
    paid_on = models.DateField(_("ngày nộp phạt"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Folded offender, rule, place and decision number ("quan karaoke hoa hong khong deo khau trang"),
    # for search without diacritics (services.derive_violation).
    search_key = KeyField(max_length=800, editable=False, default="")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision=Decision.FINE, fine_amount__gt=0)
                    | (~models.Q(decision=Decision.FINE) & models.Q(fine_amount__isnull=True))
                ),
                name="%(app_label)s_%(class)s_fine_amount_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "occurred_at"], name="violations_area_when"),
            models.Index(fields=["decision", "area_path"], name="violations_decision_area"),
        ]
        verbose_name = _("vi phạm")
        verbose_name_plural = _("vi phạm")

    def __str__(self) -> str:
        return f"{self.offender_name}: {self.rule_text}"


class Evidence(AreaScopedModel):
    """A photo or scanned file proving a violation, kept under ``PHAODAI_EVIDENCE_FILES``."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="evidence")
    # The violation's unit (kept here so the file's reads are scoped like the violation's).
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    stored_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(_("tên tệp"), max_length=160)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("ghi chú"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["violation", "pk"]
        verbose_name = _("chứng cứ")
        verbose_name_plural = _("chứng cứ")

    def __str__(self) -> str:
        return self.original_name
