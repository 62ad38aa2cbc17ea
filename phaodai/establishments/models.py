"""Businesses, industrial-park factories, venues and schools; their people; inspections (R-26, R-27)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.fields import KeyField
from phaodai.core.models import AreaScopedModel
from phaodai.establishments.enums import (
    Answer,
    EstablishmentKind,
    InspectionResult,
    MemberRole,
    Readiness,
    SchoolLevel,
)


class Establishment(AreaScopedModel):
    """A factory, lodging, karaoke or massage parlour, market, restaurant, religious site or school.

    ``may_operate`` is whether it may open now, decided by an inspecting officer with the reason
    (a field for now; the epidemic-level measures will drive it later). A school's readiness for
    the new school year follows its latest inspection against the school checklist.
    """

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="establishments", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("loại cơ sở"), max_length=16, choices=EstablishmentKind.choices)
    name = models.CharField(_("tên cơ sở"), max_length=200)
    industrial_park = models.CharField(_("khu, cụm công nghiệp"), max_length=160, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    owner_name = models.CharField(_("người đứng đầu, chủ cơ sở"), max_length=160, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    headcount = models.PositiveIntegerField(
        _("số người lao động, học sinh"),
        default=0,
        help_text=_("Số cơ sở khai báo; danh sách người cụ thể có thể chưa đủ."),
    )
    safety_plan = models.TextField(_("phương án phòng, chống dịch"), blank=True)
    safety_plan_on = models.DateField(_("ngày phê duyệt phương án"), null=True, blank=True)
    may_operate = models.BooleanField(_("được hoạt động"), default=True)
    operate_note = models.CharField(_("lý do (được hoạt động, tạm dừng)"), max_length=300, blank=True)
    operate_decided_on = models.DateField(_("ngày quyết định hoạt động"), null=True, blank=True)
    school_level = models.CharField(_("cấp học"), max_length=16, choices=SchoolLevel.choices, blank=True)
    readiness = models.CharField(
        _("sẵn sàng cho năm học mới"),
        max_length=16,
        choices=Readiness.choices,
        default=Readiness.NOT_ASSESSED,
    )
    readiness_on = models.DateField(_("ngày đánh giá sẵn sàng"), null=True, blank=True)
    search_key = KeyField(max_length=600, editable=False, default="")

    class Meta:
        ordering = ["area_path", "name"]
        indexes = [
            models.Index(fields=["area_path", "kind"], name="establishments_area_kind"),
            models.Index(fields=["may_operate", "area_path"], name="establishments_operate"),
        ]
        verbose_name = _("cơ sở")
        verbose_name_plural = _("cơ sở")

    def __str__(self) -> str:
        return self.name


class Member(AreaScopedModel):
    """A worker, pupil, teacher or staff member of an establishment, from the registry where known."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workplaces",
        verbose_name=_("nhân khẩu"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    role = models.CharField(
        _("vai trò"), max_length=16, choices=MemberRole.choices, default=MemberRole.WORKER
    )
    group = models.CharField(_("tổ, phân xưởng hoặc lớp"), max_length=80, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    active = models.BooleanField(_("đang làm việc, đang học"), default=True)

    class Meta:
        ordering = ["establishment", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "person"],
                condition=models.Q(person__isnull=False),
                name="%(app_label)s_%(class)s_person_once",
            )
        ]
        verbose_name = _("người lao động, học sinh")
        verbose_name_plural = _("người lao động, học sinh")

    def __str__(self) -> str:
        return self.full_name


class ChecklistItem(models.Model):
    """One criterion of the "safe to produce" checklist (or of a school's readiness): data, with
    its source, shipped in this app's data migration; ``kinds`` empty means every kind."""

    code = models.SlugField(_("mã tiêu chí"), max_length=40, unique=True)
    text = models.CharField(_("tiêu chí"), max_length=300)
    kinds = models.JSONField(_("áp dụng cho loại cơ sở"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("tiêu chí kiểm tra")
        verbose_name_plural = _("tiêu chí kiểm tra")

    def __str__(self) -> str:
        return self.text


class Inspection(AreaScopedModel):
    """An inspection of an establishment: each criterion's answer, the result, the follow-up."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField(_("ngày kiểm tra"))
    inspectors = models.CharField(_("đoàn kiểm tra"), max_length=300)
    result = models.CharField(_("kết quả"), max_length=16, choices=InspectionResult.choices)
    findings = models.TextField(_("nhận xét"), blank=True)
    follow_up = models.TextField(_("việc phải khắc phục"), blank=True)
    follow_up_due = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("ngày đã khắc phục"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["area_path", "inspected_on"], name="establishments_insp_when")]
        verbose_name = _("lần kiểm tra")
        verbose_name_plural = _("lần kiểm tra")

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.inspected_on}"


class InspectionAnswer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("đánh giá"), max_length=16, choices=Answer.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["inspection", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="%(app_label)s_%(class)s_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"
