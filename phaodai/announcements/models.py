"""Announcements for loudspeakers, radio and the public page; the public page's facts (R-29)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.announcements.enums import AnnouncementStatus, AudioStatus, PlaceKind
from phaodai.core.fields import KeyField
from phaodai.core.models import AreaScopedModel


class Announcement(AreaScopedModel):
    """A message written once, approved by a leader (not its writer), published to chosen units.

    ``unit`` is who issues it (a commune, a district); ``targets`` the units whose loudspeakers,
    radio and public page carry it (villages, communes, inside the issuer's area). The audio for
    villages without a reader is made from the approved text by a background job (espeak-ng).
    """

    unit = models.ForeignKey(
        "areas.AdminUnit",
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("đơn vị ra thông báo"),
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    for_loudspeaker = models.BooleanField(_("đọc trên loa truyền thanh"), default=True)
    for_radio = models.BooleanField(_("phát trên đài"), default=False)
    for_public_page = models.BooleanField(_("đăng trên trang công khai"), default=True)
    targets = models.ManyToManyField(
        "areas.AdminUnit", related_name="+", blank=True, verbose_name=_("phát tới")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người soạn")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("phát lúc"), null=True, blank=True)
    audio_status = models.CharField(
        _("tệp âm thanh"), max_length=16, choices=AudioStatus.choices, default=AudioStatus.NONE
    )
    audio_name = models.CharField(max_length=80, blank=True, editable=False)
    audio_seconds = models.FloatField(_("độ dài âm thanh (giây)"), null=True, blank=True, editable=False)
    audio_error = models.CharField(max_length=300, blank=True, editable=False)
    search_key = KeyField(max_length=400, editable=False, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("written_by")) | models.Q(approved_by__isnull=True),
                name="%(app_label)s_%(class)s_not_own_approval",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "status"], name="announcements_area_status"),
            models.Index(fields=["status", "published_at"], name="announcements_published"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title


class UnitSituation(AreaScopedModel):
    """What a commune's public page says besides its announcements: the measures now, the hotline."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    measures = models.TextField(_("biện pháp đang áp dụng"), blank=True)
    measures_since = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=20, blank=True)
    hotline_label = models.CharField(_("tên đường dây nóng"), max_length=120, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit"], name="%(app_label)s_%(class)s_one_per_unit")]
        verbose_name = _("thông tin công khai của đơn vị")
        verbose_name_plural = _("thông tin công khai của đơn vị")

    def __str__(self) -> str:
        return str(self.unit_id)


class ServicePlace(AreaScopedModel):
    """Where residents of a commune get tested or vaccinated (kept by the commune)."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="service_places", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("dịch vụ"), max_length=16, choices=PlaceKind.choices, default=PlaceKind.BOTH)
    name = models.CharField(_("tên nơi"), max_length=160)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    hours = models.CharField(_("giờ làm việc"), max_length=120, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["area_path", "name"]
        verbose_name = _("nơi xét nghiệm, tiêm chủng")
        verbose_name_plural = _("nơi xét nghiệm, tiêm chủng")

    def __str__(self) -> str:
        return self.name
