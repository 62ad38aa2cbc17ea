"""Counts kept as data: one row per (unit, day, indicator, dimensions), read by subtree and period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.access import ScopedManager
from phaodai.core.fields import KeyField


class Indicator(models.Model):
    """An indicator's declaration as a row (code, Vietnamese name, meaning, dimensions).

    The declarations in the apps' ``indicators.py`` are the truth; this table mirrors them at
    first use: every read of it (``counts.selectors.indicator_rows``) and ``rebuild_counts``
    compare it with the declarations and write what differs (``counts.services.indicators_sync``),
    so that reports and SQL readers can name the figures.
    """

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    meaning = models.TextField(_("ý nghĩa"), blank=True)
    app = models.CharField(_("ứng dụng"), max_length=64, blank=True)
    dims = models.JSONField(_("chiều phân tổ"), default=list, blank=True)
    stock = models.BooleanField(_("là số tồn"), default=False)
    declared = models.BooleanField(
        _("đang được khai báo"), default=True, help_text=_("Sai: ứng dụng khai báo chỉ số này đã gỡ")
    )

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class DailyCount(models.Model):
    """The value of one indicator in one unit on one day, for one combination of dimensions.

    ``dim1``/``dim2`` are "" when the indicator has fewer dimensions. ``area_path`` is the
    unit's path, so a subtree's figures are one range of the (indicator, area_path, day) index.
    Maintained by ``counts.services.count_add`` in the transaction of the record change, and
    recomputed by ``manage.py rebuild_counts``.
    """

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    area_path = KeyField(max_length=255)
    day = models.DateField(_("ngày"))
    indicator = models.CharField(_("chỉ số"), max_length=64)
    dim1 = models.CharField(max_length=64, blank=True, default="")
    dim2 = models.CharField(max_length=64, blank=True, default="")
    value = models.BigIntegerField(_("giá trị"), default=0)

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        verbose_name = _("số liệu ngày")
        verbose_name_plural = _("số liệu ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day", "indicator", "dim1", "dim2"], name="counts_daily_key"
            )
        ]
        # A figure is one run of this index, read without the table: the indicator, the
        # dimension values, a subtree's path range, the days, the value.
        indexes = [
            models.Index(
                fields=["indicator", "dim1", "dim2", "area_path", "day", "value"], name="counts_read"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.day}: {self.value}"


class DailyTotal(models.Model):
    """The totals over a dimension of an indicator with dimensions, kept beside ``DailyCount``.

    Same columns; one or both dimension values are ``"*"`` ("all values"): a count of
    ``("rt_pcr", "positive")`` also adds here to ``("rt_pcr", "*")``, ``("*", "positive")`` and
    ``("*", "*")``, so that any total the selectors read is one row per unit and day rather than
    one per combination. Kept by the same ``count_add``, rebuilt by the same ``rebuild_counts``;
    ``DailyCount`` holds only the counts as the apps give them.
    """

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    area_path = KeyField(max_length=255)
    day = models.DateField(_("ngày"))
    indicator = models.CharField(_("chỉ số"), max_length=64)
    dim1 = models.CharField(max_length=64, blank=True, default="")
    dim2 = models.CharField(max_length=64, blank=True, default="")
    value = models.BigIntegerField(_("giá trị"), default=0)

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        verbose_name = _("tổng số liệu ngày")
        verbose_name_plural = _("tổng số liệu ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day", "indicator", "dim1", "dim2"], name="counts_total_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "dim1", "dim2", "area_path", "day", "value"], name="counts_total_read"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.day} ({self.dim1}, {self.dim2}): {self.value}"


class SubtreeTotal(models.Model):
    """An indicator's figure over a unit's **whole subtree** (the unit and every unit under it) on
    one day, for every dimension key ``DailyCount`` and ``DailyTotal`` hold (own values and ``"*"``).

    A count filed in a commune also adds here to the commune, its district and its province
    (``counts.services.count_add``, in the same statement), so a figure of any unit for a period
    is one range of the unique index (indicator, dim1, dim2, unit, day): a province's year is its
    365 rows, whatever the number of communes and records below it. Every unit of one depth under
    a unit ("every commune, every day") is one range of ``counts_subtree_grid``. Rebuilt by
    ``rebuild_counts`` as the roll-up of the figures it writes to the other two tables.
    """

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    area_path = KeyField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    day = models.DateField(_("ngày"))
    indicator = models.CharField(_("chỉ số"), max_length=64)
    dim1 = models.CharField(max_length=64, blank=True, default="")
    dim2 = models.CharField(max_length=64, blank=True, default="")
    value = models.BigIntegerField(_("giá trị"), default=0)

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        verbose_name = _("tổng số liệu ngày theo địa bàn")
        verbose_name_plural = _("tổng số liệu ngày theo địa bàn")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dim1", "dim2", "unit", "day"], name="counts_subtree_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "dim1", "dim2", "depth", "area_path", "day", "unit", "value"],
                name="counts_subtree_grid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id}+ {self.day} ({self.dim1}, {self.dim2}): {self.value}"


class SubtreeMonth(models.Model):
    """A unit's subtree totals of one calendar month packed in one row: ``days`` is a JSON array
    with one value per day of the month (item 0 the 1st), 0 where nothing was counted.

    The same figures as ``SubtreeTotal`` (every dimension key, the unit and each of its
    ancestors), kept by the same ``count_add`` and rebuilt by the same ``rebuild_counts``: a
    dashboard's "every commune, every day of the year" reads a dozen rows per commune instead of
    one per day (``counts.selectors.count_by_unit_day``), in one range of ``counts_month_grid``.
    """

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    area_path = KeyField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng"))
    indicator = models.CharField(_("chỉ số"), max_length=64)
    dim1 = models.CharField(max_length=64, blank=True, default="")
    dim2 = models.CharField(max_length=64, blank=True, default="")
    days = models.TextField(_("giá trị từng ngày"))

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        verbose_name = _("tổng số liệu tháng theo địa bàn")
        verbose_name_plural = _("tổng số liệu tháng theo địa bàn")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dim1", "dim2", "unit", "month"], name="counts_month_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["indicator", "dim1", "dim2", "depth", "area_path", "month"],
                name="counts_month_grid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id}+ {self.month:%m/%Y} ({self.dim1}, {self.dim2}): {self.days}"
