"""Steering committees, command centres, their members, documents and the 24/24 duty roster."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from phaodai.command.enums import LEADING_POSITIONS, DocumentKind, Office, Position
from phaodai.core.fields import KeyField
from phaodai.core.models import AreaScopedModel
from phaodai.core.text import fold


def document_storage() -> Storage:
    """Attached documents live under ``VAR_DIR/command``, never under a public media URL: they
    are downloaded through the body's page, inside the reader's jurisdiction."""
    return FileSystemStorage(location=Path(settings.VAR_DIR) / "command", base_url=None)


def document_path(instance: Any, filename: str) -> str:
    """A random stored name (the officer's file name is kept in ``filename``)."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"documents/{uuid.uuid4().hex}{suffix}"


class Body(AreaScopedModel):
    """What a steering committee and a command centre share: a unit, a name, an establishment."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên"), max_length=200)
    established_on = models.DateField(
        _("ngày thành lập"), null=True, blank=True, help_text=_("Để trống khi chưa thành lập")
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    functions = models.TextField(_("chức năng, nhiệm vụ, quyền hạn"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class SteeringCommittee(Body):
    """Ban Chỉ đạo phòng, chống dịch of a unit (the Party secretary heads it)."""

    class Meta:
        ordering = ["area_path"]
        constraints = [models.UniqueConstraint(fields=["unit"], name="command_committee_one_per_unit")]
        verbose_name = _("Ban Chỉ đạo")
        verbose_name_plural = _("Ban Chỉ đạo")


class CommandCentre(Body):
    """Trung tâm Chỉ huy phòng, chống dịch of a unit (the People's Committee chair heads it),
    with the settings its 24/24 duty roster is built by."""

    shift_hours = models.PositiveSmallIntegerField(
        _("độ dài một ca (giờ)"), default=8, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    day_starts_at = models.PositiveSmallIntegerField(
        _("ca đầu ngày bắt đầu lúc (giờ)"), default=7, validators=[MaxValueValidator(23)]
    )
    max_hours_in_row = models.PositiveSmallIntegerField(
        _("trực liên tục tối đa (giờ)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    min_rest_hours = models.PositiveSmallIntegerField(
        _("nghỉ tối thiểu giữa hai ca (giờ)"), default=8, validators=[MaxValueValidator(72)]
    )
    officers_per_shift = models.PositiveSmallIntegerField(
        _("số người mỗi ca"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    leader_required = models.BooleanField(_("mỗi ca có một lãnh đạo"), default=True)

    class Meta:
        ordering = ["area_path"]
        constraints = [models.UniqueConstraint(fields=["unit"], name="command_centre_one_per_unit")]
        verbose_name = _("Trung tâm Chỉ huy")
        verbose_name_plural = _("Trung tâm Chỉ huy")


def member_search_key(full_name: str, office_detail: str) -> str:
    """What the member search matches: the folded name and office."""
    return fold(f"{full_name} {office_detail}")[:330]


class Member(AreaScopedModel):
    """A member of a steering committee or of a command centre (exactly one of them)."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    centre = models.ForeignKey(
        CommandCentre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Trung tâm Chỉ huy"),
    )
    committee = models.ForeignKey(
        SteeringCommittee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Ban Chỉ đạo"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="command_memberships",
        verbose_name=_("tài khoản"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nhân khẩu"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("vị trí"), max_length=16, choices=Position.choices, default=Position.MEMBER)
    office = models.CharField(_("chức danh"), max_length=32, choices=Office.choices, default=Office.OTHER)
    office_detail = models.CharField(_("chức danh cụ thể"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)
    duties = models.TextField(_("nhiệm vụ được phân công"), blank=True)
    area_unit = models.ForeignKey(
        "areas.AdminUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("địa bàn phụ trách"),
    )
    area_note = models.CharField(_("lĩnh vực, địa bàn phụ trách"), max_length=200, blank=True)
    takes_shifts = models.BooleanField(_("tham gia trực"), default=True)
    active = models.BooleanField(_("đang là thành viên"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    # The name and office folded ("lu van chinh chu tich ubnd xa"), kept with the row on every save
    # so the member search is one query on the database, never a fold of each row in Python.
    search_key = KeyField(max_length=330, editable=False, default="")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False, committee__isnull=True)
                | Q(centre__isnull=True, committee__isnull=False),
                name="command_member_one_body",
            )
        ]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = member_search_key(self.full_name, self.office_detail)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"full_name", "office_detail"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def is_leader(self) -> bool:
        """May lead a duty shift: the head, a deputy or a standing member."""
        return self.position in LEADING_POSITIONS

    @property
    def body(self) -> CommandCentre | SteeringCommittee:
        body = self.centre or self.committee
        if body is None:  # the check constraint makes this impossible for a saved member
            raise ValueError("member without a body")
        return body


class Shift(AreaScopedModel):
    """One member on duty at a command centre from ``starts_at`` to ``ends_at``."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    centre = models.ForeignKey(
        CommandCentre, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("Trung tâm Chỉ huy")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("người trực")
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    leads = models.BooleanField(_("trực lãnh đạo"), default=False)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "-leads", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="command_shift_ends_after_start"
            )
        ]
        indexes = [
            models.Index(fields=["centre", "starts_at"], name="command_shift_centre_start"),
            models.Index(fields=["member", "starts_at"], name="command_shift_member_start"),
        ]
        verbose_name = _("ca trực")
        verbose_name_plural = _("ca trực")

    def __str__(self) -> str:
        return f"{self.member_id} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class ShiftSwap(AreaScopedModel):
    """A change of who is on a shift, with the agreement of both members.

    ``other_shift`` set: the two members exchange their shifts; unset: ``to_member`` takes
    ``shift`` over from ``from_member``.
    """

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="swaps", verbose_name=_("ca trực")
    )
    other_shift = models.ForeignKey(
        Shift,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ca đổi lại"),
    )
    from_member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhường ca")
    )
    to_member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhận ca")
    )
    from_agreed = models.BooleanField(_("người nhường ca đồng ý"), default=False)
    to_agreed = models.BooleanField(_("người nhận ca đồng ý"), default=False)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người ghi"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đổi ca")
        verbose_name_plural = _("đổi ca")

    def __str__(self) -> str:
        return f"{self.from_member_id} → {self.to_member_id}"


class Document(AreaScopedModel):
    """A document of a body: its establishment decision, its working rules (quy chế)…"""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    centre = models.ForeignKey(
        CommandCentre, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("trích yếu"), max_length=300)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    file = models.FileField(_("tệp"), storage=document_storage, upload_to=document_path, max_length=200)
    filename = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False, committee__isnull=True)
                | Q(centre__isnull=True, committee__isnull=False),
                name="command_document_one_body",
            )
        ]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def __str__(self) -> str:
        return self.title
