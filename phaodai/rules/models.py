"""Rule sets: the professional rules as dated, sourced data (RULES.md §0, §3)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"


class RuleSet(models.Model):
    """One dated version of a kind of rule, with its legal source and typed parameters.

    ``scope_unit`` is empty for a national rule set, or the province whose override it is.
    ``valid_from`` and ``valid_to`` are the first and the **last** day it is in force (both
    included; ``valid_to`` empty: still in force). Two rule sets of one kind and one scope never
    overlap (``rules.services``). ``parameters`` are checked by the kind's schema when saved
    through the services; consuming apps read them typed with ``rules.selectors.params``.

    Rule sets are reference data every signed-in user may read (they bind everyone in their
    scope), so the model is not jurisdiction-scoped: ``scope_exempt`` says why.
    """

    scope_exempt = "reference data: a rule set binds everyone in its scope and every user reads it"

    code = models.CharField(
        _("mã"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN, _("Mã chỉ gồm chữ thường không dấu, số và . _ -"))],
        help_text=_("Ví dụ: home_care.261"),
    )
    kind = models.CharField(_("loại"), max_length=64)
    title = models.CharField(_("tên"), max_length=300)
    scope_unit = models.ForeignKey(
        "areas.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_sets",
        verbose_name=_("phạm vi"),
        help_text=_("Để trống: áp dụng toàn quốc; chọn một tỉnh: quy định riêng của tỉnh đó"),
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(
        _("hiệu lực đến hết ngày"), null=True, blank=True, help_text=_("Để trống: vẫn còn hiệu lực")
    )
    source_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    source_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    source_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    source_where = models.CharField(_("nơi đọc văn bản"), max_length=500, blank=True)
    verified = models.BooleanField(_("đã xác minh"), default=False)
    verification_note = models.TextField(_("ghi chú xác minh"), blank=True)
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bộ quy định")
        verbose_name_plural = _("bộ quy định")
        ordering = ["kind", "valid_from", "code"]
        indexes = [models.Index(fields=["kind", "valid_from"], name="rules_kind_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rules_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def area_path(self) -> str:
        """Where its audit rows are filed: the province's path, "" for a national rule set."""
        return self.scope_unit.path if self.scope_unit_id is not None and self.scope_unit else ""

    @property
    def is_national(self) -> bool:
        return self.scope_unit_id is None

    def in_force_on(self, day: dt.date) -> bool:
        """Whether ``day`` lies inside its period (both ends included)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
