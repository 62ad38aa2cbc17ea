"""Testing (R-13): screening sessions, samples, pooled samples, results, follow-ups, proposals.

Every record is filed in a unit (``core.models.AreaScopedModel``): a session and its pools in
the unit where the screening is held, a sample and its result in the session's unit (or, taken
outside a session, in the person's place of residence), a proposal in the person's place of
residence, where the commune's health staff confirm cases.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import AreaScopedModel
from phaodai.labtests.enums import (
    FollowUpStatus,
    PlaceKind,
    ProposalStatus,
    ResultSource,
    ResultValue,
    TestKind,
)


class TestSession(AreaScopedModel):
    """A screening campaign in one unit on one day: a whole village, a market, a school."""

    __test__ = False

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="test_sessions", verbose_name=_("đơn vị")
    )
    held_on = models.DateField(_("ngày xét nghiệm"))
    place_kind = models.CharField(_("loại địa điểm"), max_length=20, choices=PlaceKind.choices)
    place = models.CharField(_("địa điểm"), max_length=255)
    default_kind = models.CharField(
        _("loại xét nghiệm"), max_length=20, choices=TestKind.choices, default=TestKind.RAPID_ANTIGEN
    )
    lab = models.CharField(_("nơi xét nghiệm"), max_length=120, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["area_path", "held_on"], name="labtests_session_area_day")]
        verbose_name = _("đợt xét nghiệm")
        verbose_name_plural = _("đợt xét nghiệm")

    def __str__(self) -> str:
        return f"{self.place} ({self.held_on:%d/%m/%Y})"


class Pool(AreaScopedModel):
    """A pooled sample: the swabs of up to ``PHAODAI_POOL_MAX`` people tested as one."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="test_pools", verbose_name=_("đơn vị")
    )
    session = models.ForeignKey(
        TestSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pools",
        verbose_name=_("đợt xét nghiệm"),
    )
    code = models.CharField(_("mã mẫu gộp"), max_length=40, blank=True)
    kind = models.CharField(_("loại xét nghiệm"), max_length=20, choices=TestKind.choices)
    sampled_on = models.DateField(_("ngày lấy mẫu"))
    result = models.CharField(_("kết quả"), max_length=10, choices=ResultValue.choices, blank=True)
    result_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    lab = models.CharField(_("phòng xét nghiệm"), max_length=120, blank=True)
    ct_value = models.DecimalField(_("giá trị Ct"), max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result_on__isnull=True) | Q(result_on__gte=F("sampled_on")),
                name="%(app_label)s_%(class)s_result_after_sample",
            ),
        ]
        indexes = [models.Index(fields=["area_path", "sampled_on"], name="labtests_pool_area_day")]
        verbose_name = _("mẫu gộp")
        verbose_name_plural = _("mẫu gộp")

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class Sample(AreaScopedModel):
    """A specimen taken from one person (alone, or as a member of a pool)."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="test_samples", verbose_name=_("đơn vị")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="lab_samples",
        verbose_name=_("người được xét nghiệm"),
    )
    session = models.ForeignKey(
        TestSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="samples",
        verbose_name=_("đợt xét nghiệm"),
    )
    pool = models.ForeignKey(
        Pool,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("mẫu gộp"),
    )
    kind = models.CharField(_("loại xét nghiệm"), max_length=20, choices=TestKind.choices)
    sampled_on = models.DateField(_("ngày lấy mẫu"))
    sampled_at = models.TimeField(_("giờ lấy mẫu"), null=True, blank=True)
    code = models.CharField(_("mã mẫu"), max_length=40, blank=True)
    # What the definitions of a case ask beside the test (RULES.md §3.1).
    symptoms = models.BooleanField(_("có triệu chứng nghi mắc"), default=False)
    contact = models.BooleanField(_("là F1 (tiếp xúc gần)"), default=False)
    epi_factors = models.BooleanField(_("có yếu tố dịch tễ"), default=False)
    notes = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        indexes = [
            models.Index(fields=["area_path", "sampled_on"], name="labtests_sample_area_day"),
            models.Index(fields=["person", "sampled_on"], name="labtests_sample_person_day"),
        ]
        verbose_name = _("mẫu xét nghiệm")
        verbose_name_plural = _("mẫu xét nghiệm")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sampled_on:%d/%m/%Y}"

    @property
    def result_pk(self) -> int | None:
        """Its result's id, or None while it waits for one."""
        try:
            return int(self.result.pk)
        except ObjectDoesNotExist:
            return None


class TestResult(AreaScopedModel):
    """The result of one person's sample: sample date, result date, the lab, Ct for RT-PCR."""

    __test__ = False

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="test_results", verbose_name=_("đơn vị")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="lab_results",
        verbose_name=_("người được xét nghiệm"),
    )
    sample = models.OneToOneField(
        Sample, on_delete=models.PROTECT, related_name="result", verbose_name=_("mẫu xét nghiệm")
    )
    kind = models.CharField(_("loại xét nghiệm"), max_length=20, choices=TestKind.choices)
    sampled_on = models.DateField(_("ngày lấy mẫu"))
    result = models.CharField(_("kết quả"), max_length=10, choices=ResultValue.choices)
    result_on = models.DateField(_("ngày có kết quả"))
    ct_value = models.DecimalField(_("giá trị Ct"), max_digits=4, decimal_places=1, null=True, blank=True)
    lab = models.CharField(_("phòng xét nghiệm"), max_length=120, blank=True)
    pool = models.ForeignKey(
        Pool,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_results",
        verbose_name=_("từ mẫu gộp"),
    )
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ResultSource.choices, default=ResultSource.ENTRY
    )

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result_on__gte=F("sampled_on")),
                name="%(app_label)s_%(class)s_result_after_sample",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "sampled_on"], name="labtests_result_area_day"),
            models.Index(fields=["person", "sampled_on"], name="labtests_result_person_day"),
            models.Index(fields=["updated_at", "id"], name="labtests_result_changed"),
        ]
        verbose_name = _("kết quả xét nghiệm")
        verbose_name_plural = _("kết quả xét nghiệm")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_result_display()} {self.sampled_on:%d/%m/%Y}"


class FollowUp(AreaScopedModel):
    """A member of a positive pool who still needs a single test."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="test_follow_ups", verbose_name=_("đơn vị")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="lab_follow_ups",
        verbose_name=_("người cần xét nghiệm"),
    )
    pool = models.ForeignKey(
        Pool, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("mẫu gộp")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    result = models.ForeignKey(
        TestResult,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kết quả xét nghiệm đơn"),
    )

    class Meta:
        ordering = ["status", "pool__sampled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "person"], name="%(app_label)s_%(class)s_pool_person_unique"
            ),
        ]
        indexes = [models.Index(fields=["area_path", "status"], name="labtests_followup_area")]
        verbose_name = _("người cần xét nghiệm đơn")
        verbose_name_plural = _("danh sách cần xét nghiệm đơn")

    def __str__(self) -> str:
        return f"{self.person_id} / {self.pool_id}"


class CaseProposal(AreaScopedModel):
    """A positive result put to the health staff as a possible new F0 under the definition in force.

    ``meets_definition`` says whether the results meet the definition (``rule_set``, the one in
    force for the unit and the sample date); if not, ``missing`` says which test is still
    needed. ``case_id`` is the case the ``cases`` app made of it (no foreign key: this app
    never imports ``cases``).
    """

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="case_proposals", verbose_name=_("đơn vị")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="case_proposals", verbose_name=_("người")
    )
    results = models.ManyToManyField(
        TestResult, related_name="proposals", verbose_name=_("kết quả xét nghiệm")
    )
    rule_set = models.ForeignKey(
        "rules.RuleSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("định nghĩa ca bệnh áp dụng"),
    )
    meets_definition = models.BooleanField(_("đủ tiêu chuẩn ca bệnh"), default=False)
    criterion = models.CharField(_("tiêu chuẩn đáp ứng"), max_length=255, blank=True)
    missing = models.TextField(_("còn thiếu"), blank=True)
    first_positive_on = models.DateField(_("ngày lấy mẫu dương tính đầu tiên"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    case_id = models.PositiveIntegerField(_("mã ca bệnh"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người quyết định"),
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        ordering = ["-first_positive_on", "-pk"]
        indexes = [models.Index(fields=["area_path", "status"], name="labtests_proposal_area")]
        verbose_name = _("đề xuất ca bệnh")
        verbose_name_plural = _("đề xuất ca bệnh")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.first_positive_on:%d/%m/%Y})"

    @property
    def result_ids(self) -> list[int]:
        """The ids of its results (from the prefetched ones when the selector prefetched them)."""
        return sorted(result.pk for result in self.results.all())
