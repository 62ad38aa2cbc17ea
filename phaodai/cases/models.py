"""F0 cases (R-09, R-12), their severity and care history, treatment facilities and beds (R-15, R-19).

A case's current ``severity``, ``care_setting`` and ``facility`` are the last rows of its
``SeverityChange`` and ``CareEpisode`` histories, kept beside it by ``cases.services`` so lists
filter without joins. Bed occupancy is never typed: it is the ``CareEpisode`` rows open in a
facility on a day (``cases.selectors.occupancy_on``), kept in ``counts`` as a stock.
Every decision computed from a rule (home-care eligibility, risk group, end of isolation) stores
the ``rules.RuleSet`` that produced it and its reasons, so a later rule change never rewrites it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.cases.enums import (
    FACILITY_TIERS,
    BedKind,
    CareSetting,
    CaseStatus,
    EndTest,
    HowFound,
    RiskGroup,
    Severity,
    VaccinationStatus,
)
from phaodai.core.models import AreaScopedModel


class Facility(AreaScopedModel):
    """A treatment facility (cơ sở thu dung, điều trị): a station, a district facility, a hospital."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị hành chính")
    )
    name = models.CharField(_("tên cơ sở"), max_length=200)
    tier = models.CharField(_("tuyến"), max_length=20, choices=FACILITY_TIERS)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["area_path", "name"]
        indexes = [models.Index(fields=["tier", "area_path"], name="cases_facility_tier_area")]
        verbose_name = _("cơ sở điều trị")
        verbose_name_plural = _("cơ sở điều trị")

    def __str__(self) -> str:
        return self.name


class BedCapacity(models.Model):
    """How many beds of one kind a facility has (capacity; occupancy comes from the cases)."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="beds")
    kind = models.CharField(_("loại giường"), max_length=16, choices=BedKind.choices)
    beds = models.PositiveIntegerField(_("số giường"))

    class Meta:
        ordering = ["facility", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "kind"], name="%(app_label)s_%(class)s_kind_unique"),
        ]
        verbose_name = _("số giường")
        verbose_name_plural = _("số giường")

    def __str__(self) -> str:
        return f"{self.facility_id}: {self.kind} × {self.beds}"


class Case(AreaScopedModel):
    """A confirmed COVID-19 case (F0), managed by one commune."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("người bệnh")
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã quản lý")
    )
    confirmed_on = models.DateField(_("ngày khẳng định"))
    # The test results behind the confirmation, and the labtests CaseProposal it was confirmed from.
    tests = models.ManyToManyField(
        "labtests.TestResult", related_name="cases", blank=True, verbose_name=_("xét nghiệm khẳng định")
    )
    proposal_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    how_found = models.CharField(_("phát hiện"), max_length=20, choices=HowFound.choices)
    source_known = models.BooleanField(_("rõ nguồn lây"), default=False)
    severity = models.CharField(
        _("mức độ"), max_length=16, choices=Severity.choices, default=Severity.ASYMPTOMATIC
    )
    care_setting = models.CharField(
        _("nơi điều trị"), max_length=20, choices=CareSetting.choices, default=CareSetting.HOME
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ sở điều trị"),
    )
    bed_kind = models.CharField(_("loại giường"), max_length=16, choices=BedKind.choices, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    outcome_on = models.DateField(
        _("ngày khỏi / tử vong"),
        null=True,
        blank=True,
        help_text=_("Khỏi bệnh: ngày của giấy xác nhận khỏi bệnh; tử vong: ngày mất"),
    )
    burial_note = models.TextField(_("mai táng"), blank=True)
    # Vaccination as recorded on the case until the vaccination app gives it (README).
    vaccination_status = models.CharField(
        _("tiêm chủng"),
        max_length=16,
        choices=VaccinationStatus.choices,
        default=VaccinationStatus.UNVACCINATED,
    )
    last_dose_on = models.DateField(_("ngày tiêm mũi gần nhất"), null=True, blank=True)
    # What was found at classification (the inputs of the home-care and severity rules).
    symptoms = models.JSONField(_("triệu chứng"), default=list, blank=True)
    respiratory_rate = models.PositiveSmallIntegerField(_("nhịp thở (lần/phút)"), null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(_("SpO2 (%)"), null=True, blank=True)
    has_pneumonia = models.BooleanField(_("có viêm phổi"), default=False)
    abnormal_breathing = models.BooleanField(
        _("thở bất thường"),
        default=False,
        help_text=_("Thở rên, rút lõm lồng ngực, phập phồng cánh mũi, khò khè"),
    )
    needs_ventilation = models.BooleanField(_("cần thở máy"), default=False)
    comorbidity_stable = models.BooleanField(_("bệnh nền đang điều trị ổn định"), default=False)
    postpartum = models.BooleanField(_("đang trong thời kỳ hậu sản"), default=False)
    can_self_care = models.BooleanField(_("tự chăm sóc được (hoặc có người chăm sóc)"), default=True)
    can_contact_staff = models.BooleanField(_("liên lạc được với nhân viên y tế"), default=True)
    # Decisions, each with the rule set that produced it and its reasons
    # ([{"condition": …, "met": bool, "reason": …}], in Vietnamese).
    home_care_eligible = models.BooleanField(_("đủ điều kiện điều trị tại nhà"), null=True, editable=False)
    home_care_reasons = models.JSONField(default=list, editable=False)
    home_care_rule_set = models.ForeignKey(
        "rules.RuleSet", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    risk_group = models.CharField(
        _("nhóm nguy cơ"), max_length=16, choices=RiskGroup.choices, blank=True, editable=False
    )
    risk_setting = models.CharField(
        _("nơi điều trị theo nhóm nguy cơ"),
        max_length=20,
        choices=CareSetting.choices,
        blank=True,
        editable=False,
    )
    risk_bed_kind = models.CharField(max_length=16, choices=BedKind.choices, blank=True, editable=False)
    risk_reasons = models.JSONField(default=list, editable=False)
    risk_rule_set = models.ForeignKey(
        "rules.RuleSet", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    isolation_from = models.DateField(_("cách ly từ"), null=True, editable=False)
    release_test_on = models.DateField(_("có thể kết thúc cách ly từ"), null=True, editable=False)
    release_test = models.CharField(
        _("xét nghiệm cần để kết thúc"), max_length=16, choices=EndTest.choices, blank=True, editable=False
    )
    isolation_until = models.DateField(_("cách ly đến"), null=True, editable=False)
    end_reasons = models.JSONField(default=list, editable=False)
    end_rule_set = models.ForeignKey(
        "rules.RuleSet", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-confirmed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(outcome_on__isnull=False),
                name="%(app_label)s_%(class)s_outcome_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "confirmed_on"], name="cases_case_area_confirmed"),
            models.Index(fields=["status", "area_path"], name="cases_case_status_area"),
            models.Index(fields=["status", "release_test_on"], name="cases_case_release"),
            models.Index(fields=["updated_at", "id"], name="cases_case_changed"),
        ]
        verbose_name = _("ca bệnh")
        verbose_name_plural = _("ca bệnh")

    def __str__(self) -> str:
        return f"F0 #{self.pk}"


class SeverityChange(models.Model):
    """One dated step of a case's severity history (the first is its class at confirmation)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="severity_changes")
    severity = models.CharField(_("mức độ"), max_length=16, choices=Severity.choices)
    on = models.DateField(_("từ ngày"))
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    # The class the severity rule in force on that day pointed to, from the case's findings then.
    suggested = models.CharField(max_length=16, choices=Severity.choices, blank=True, editable=False)
    suggested_reasons = models.JSONField(default=list, editable=False)
    rule_set = models.ForeignKey(
        "rules.RuleSet", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "on", "pk"]
        verbose_name = _("thay đổi mức độ")
        verbose_name_plural = _("thay đổi mức độ")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.severity} {self.on}"


class CareEpisode(models.Model):
    """A stretch of care in one setting (and facility, bed kind): a transfer ends one, starts the next.

    ``ended_on`` is the day the case left (the next episode's ``started_on``, or the outcome day):
    the bed is occupied from ``started_on`` up to the day before ``ended_on``.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="care_episodes")
    setting = models.CharField(_("nơi điều trị"), max_length=20, choices=CareSetting.choices)
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="episodes"
    )
    bed_kind = models.CharField(_("loại giường"), max_length=16, choices=BedKind.choices, blank=True)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_dates_ordered",
            ),
            models.CheckConstraint(
                condition=(models.Q(setting="home") & models.Q(facility__isnull=True))
                | (~models.Q(setting="home") & models.Q(facility__isnull=False)),
                name="%(app_label)s_%(class)s_facility_matches_setting",
            ),
        ]
        indexes = [models.Index(fields=["facility", "bed_kind", "started_on"], name="cases_episode_bed")]
        verbose_name = _("đợt điều trị")
        verbose_name_plural = _("đợt điều trị")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.setting} {self.started_on}–{self.ended_on or ''}"
