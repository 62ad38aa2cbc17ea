"""Welfare during distancing (R-25): vulnerable households, support packages, deliveries.

A package's stock at the commune is never typed: it is what was received (``PackageReceipt``)
minus what was delivered (``Delivery``), computed by ``selectors.package_stock``.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import AreaScopedModel
from phaodai.welfare.enums import PackageKind, PackageSource, Vulnerability


class VulnerableHousehold(AreaScopedModel):
    """A household of the registry the commune marked as vulnerable, with what it needs."""

    household = models.OneToOneField(
        "people.Household", on_delete=models.PROTECT, related_name="+", verbose_name=_("hộ gia đình")
    )
    # The household's village (copied from it when marked): the record's area.
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("thôn")
    )
    vulnerabilities = models.JSONField(_("diện khó khăn"), default=list)
    # The codes between spaces (" poor disabled "), derived: a list filtered by one code is a
    # portable ``contains`` on both databases (JSON containment is PostgreSQL's only).
    vulnerability_keys = models.CharField(max_length=200, blank=True, editable=False)
    needs = models.TextField(_("nhu cầu"), max_length=1000, blank=True)
    active = models.BooleanField(_("đang cần hỗ trợ"), default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["area_path", "pk"]
        indexes = [
            models.Index(fields=["area_path", "active"], name="welfare_vulnerable_area"),
            models.Index(fields=["updated_at", "id"], name="welfare_vulnerable_changed"),
        ]
        verbose_name = _("hộ khó khăn")
        verbose_name_plural = _("hộ khó khăn")

    def __str__(self) -> str:
        return str(self.household)

    def vulnerability_labels(self) -> list[str]:
        labels = dict(Vulnerability.choices)
        return [str(labels.get(code, code)) for code in self.vulnerabilities]


class SupportPackage(AreaScopedModel):
    """A kind of support held at a commune ("Gạo 10 kg", "Tiền mặt 500.000 đ", "Thuốc hạ sốt")."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã")
    )
    kind = models.CharField(_("loại"), max_length=12, choices=PackageKind.choices)
    name = models.CharField(_("tên hàng hỗ trợ"), max_length=120)
    unit_label = models.CharField(_("đơn vị tính"), max_length=20, default="suất")

    class Meta:
        ordering = ["area_path", "kind", "name"]
        indexes = [models.Index(fields=["area_path", "kind"], name="welfare_package_area")]
        verbose_name = _("hàng hỗ trợ")
        verbose_name_plural = _("hàng hỗ trợ")

    def __str__(self) -> str:
        return self.name


class PackageReceipt(AreaScopedModel):
    """Packages that arrived at the commune, from the state or from donors."""

    package = models.ForeignKey(SupportPackage, on_delete=models.PROTECT, related_name="receipts")
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("số lượng"))
    received_on = models.DateField(_("ngày nhận"))
    source = models.CharField(_("nguồn"), max_length=8, choices=PackageSource.choices)
    donor = models.CharField(_("nhà hảo tâm, tổ chức"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="%(app_label)s_%(class)s_quantity_positive"
            )
        ]
        verbose_name = _("phiếu nhập hàng hỗ trợ")
        verbose_name_plural = _("phiếu nhập hàng hỗ trợ")

    def __str__(self) -> str:
        return f"+{self.quantity} {self.package_id}"


class Delivery(AreaScopedModel):
    """Packages handed to a household: when, how many, who carried them."""

    package = models.ForeignKey(SupportPackage, on_delete=models.PROTECT, related_name="deliveries")
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+")
    vulnerable = models.ForeignKey(
        VulnerableHousehold, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("số lượng"))
    delivered_on = models.DateField(_("ngày phát"))
    delivered_by = models.CharField(_("người mang đến"), max_length=120)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    area_unit_field: ClassVar[str] = "unit"

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="%(app_label)s_%(class)s_quantity_positive"
            )
        ]
        indexes = [
            models.Index(fields=["household", "delivered_on"], name="welfare_delivery_household"),
            models.Index(fields=["area_path", "delivered_on"], name="welfare_delivery_area"),
        ]
        verbose_name = _("lần phát hàng hỗ trợ")
        verbose_name_plural = _("lần phát hàng hỗ trợ")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.package_id} → {self.household_id}"


def week_start(today: dt.date) -> dt.date:
    """Monday of ``today``'s week: "not yet reached this week" counts from it."""
    return today - dt.timedelta(days=today.weekday())
