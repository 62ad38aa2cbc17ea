"""Residents, households and inter-household groups (R-02, R-03)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.access import ScopedManager
from phaodai.core.fields import KeyField
from phaodai.core.models import AreaScopedModel
from phaodai.people.enums import DuplicateStatus, Ethnicity, ResidenceStatus, Sex


class LiaisonGroup(AreaScopedModel):
    """Tổ liên gia tự quản: a handful of neighbouring households that watch each other."""

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="liaison_groups")
    name = models.CharField(_("tên tổ"), max_length=120)
    # The folded name ("to lien gia so 1"): two groups of one unit may not share it.
    name_key = KeyField(max_length=120, editable=False)
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tổ trưởng"),
    )

    class Meta:
        ordering = ["area_path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name_key"], name="%(app_label)s_%(class)s_unit_name_unique"
            ),
        ]
        indexes = [models.Index(fields=["area_path"], name="people_group_area")]
        verbose_name = _("tổ liên gia")
        verbose_name_plural = _("tổ liên gia")

    def __str__(self) -> str:
        return self.name


class Household(AreaScopedModel):
    """A household (hộ gia đình) living at one address in one village."""

    code = models.CharField(_("mã hộ"), max_length=32, blank=True, db_index=True)
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="households", verbose_name=_("thôn/tổ")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    head = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chủ hộ"),
    )
    liaison_group = models.ForeignKey(
        LiaisonGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        verbose_name=_("tổ liên gia"),
    )

    class Meta:
        ordering = ["area_path", "code"]
        constraints = [
            # A code names one household of a village; many households have none yet.
            models.UniqueConstraint(
                fields=["unit", "code"],
                condition=~models.Q(code=""),
                name="%(app_label)s_%(class)s_unit_code_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "code"], name="people_household_area_code"),
            models.Index(fields=["updated_at", "id"], name="people_household_changed"),
        ]
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        return self.code or self.address or str(self.uuid)


class Person(AreaScopedModel):
    """A resident (nhân khẩu). Merged-away records stay, pointing at the survivor."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    # Folded copies for search without diacritics (see people.names.name_keys):
    # "nguyen van an", "van an" (without the surname), "an" (the given name).
    name_key = KeyField(max_length=120, editable=False)
    name_tail_key = KeyField(max_length=120, editable=False)
    given_name_key = KeyField(max_length=40, editable=False)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    national_id = models.CharField(_("số CCCD/CMND"), max_length=12, blank=True)
    # 10 digits for a mobile, 10 or 11 for a landline with its area code (validators.normalize_phone).
    phone = models.CharField(_("số điện thoại"), max_length=11, blank=True)
    # The phone written backwards ("8765432190"): its last digits are a prefix here, so "the last
    # 4 digits" is a range on an index like every other search (selectors.PHONE_TAIL_MIN).
    phone_reversed = KeyField(max_length=11, blank=True, editable=False)
    ethnicity = models.CharField(
        _("dân tộc"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.KINH
    )
    residence_unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="residents", verbose_name=_("nơi cư trú")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("hộ"),
    )
    residence_status = models.CharField(
        _("tình trạng cư trú"),
        max_length=16,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.PERMANENT,
    )
    away_location = models.CharField(
        _("đang ở đâu"),
        max_length=255,
        blank=True,
        help_text=_("Nơi đang làm việc, học tập khi không ở địa phương"),
    )
    chronic_conditions = models.JSONField(_("bệnh nền"), default=list, blank=True)
    is_pregnant = models.BooleanField(_("đang mang thai"), default=False)
    is_high_risk = models.BooleanField(_("thuộc nhóm nguy cơ cao"), default=False, editable=False)
    notes = models.TextField(_("ghi chú"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
        verbose_name=_("được gộp vào hồ sơ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    area_unit_field: ClassVar[str] = "residence_unit"

    class Meta:
        ordering = ["name_key", "pk"]
        constraints = [
            # A CCCD/CMND belongs to one person: one record in use per number (people.services:
            # national_id_taken). Many records have none yet; merged-away records keep theirs.
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id="") & models.Q(merged_into__isnull=True),
                name="%(app_label)s_%(class)s_national_id_unique",
                violation_error_message=_("Số CCCD/CMND này đã có trong một hồ sơ khác."),
            ),
        ]
        indexes = [
            # Name search: each key with the jurisdiction and merge tests, so a search is
            # answered from the index alone until the page's rows are read (docs/PERFORMANCE.md).
            models.Index(fields=["name_key", "area_path", "merged_into"], name="people_person_name_cover"),
            models.Index(
                fields=["name_tail_key", "area_path", "merged_into"], name="people_person_tail_cover"
            ),
            models.Index(
                fields=["given_name_key", "area_path", "merged_into"], name="people_person_given_cover"
            ),
            models.Index(fields=["area_path", "name_key"], name="people_person_area_name"),
            models.Index(fields=["national_id"], name="people_person_national_id"),
            models.Index(fields=["phone"], name="people_person_phone"),
            models.Index(
                fields=["phone_reversed", "area_path", "merged_into"], name="people_person_phone_tail"
            ),
            models.Index(fields=["residence_unit", "birth_year"], name="people_person_unit_birth"),
            # Duplicate detection: same given name + birth year inside one commune (people.duplicates).
            models.Index(
                fields=["given_name_key", "birth_year", "area_path"], name="people_person_given_birth"
            ),
            # Offline clients sync what changed since their last page (api: ?since=).
            models.Index(fields=["updated_at", "id"], name="people_person_changed"),
        ]
        verbose_name = _("nhân khẩu")
        verbose_name_plural = _("nhân khẩu")

    def __str__(self) -> str:
        return self.full_name


class DuplicateCandidate(models.Model):
    """A pair of person records that may be the same human, with the evidence."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    area_path = KeyField(max_length=255, editable=False)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="%(app_label)s_%(class)s_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="%(app_label)s_%(class)s_ordered_pair"
            ),
        ]
        indexes = [models.Index(fields=["status", "area_path"], name="people_dup_status_area")]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.score:.2f})"
