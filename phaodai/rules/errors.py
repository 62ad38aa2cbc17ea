"""Error codes of the rules services (``ValidationError(code=…)``), and ``NoRuleInForce``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class RulesErrorCode(models.TextChoices):
    NONE_IN_FORCE = "rules.none_in_force", "rules.none_in_force"
    KIND_UNKNOWN = "rules.kind_unknown", "rules.kind_unknown"
    PARAMETER_INVALID = "rules.parameter_invalid", "rules.parameter_invalid"
    PERIOD_OVERLAP = "rules.period_overlap", "rules.period_overlap"
    PERIOD_REVERSED = "rules.period_reversed", "rules.period_reversed"
    CODE_TAKEN = "rules.code_taken", "rules.code_taken"
    CODE_INVALID = "rules.code_invalid", "rules.code_invalid"
    SCOPE_NOT_PROVINCE = "rules.scope_not_province", "rules.scope_not_province"
    FIELD_UNKNOWN = "rules.field_unknown", "rules.field_unknown"


class NoRuleInForce(ValidationError):  # noqa: N818 (the name other apps code against)
    """No rule set of ``kind`` was in force for ``unit`` on ``on`` (neither an override nor national)."""

    def __init__(self, kind: str, unit: Any, on: dt.date) -> None:
        self.kind = kind
        self.unit = unit
        self.on = on
        super().__init__(
            _("Không có quy định loại «%(kind)s» nào có hiệu lực tại %(unit)s ngày %(on)s."),
            code=RulesErrorCode.NONE_IN_FORCE,
            params={"kind": kind, "unit": str(unit), "on": on.strftime("%d/%m/%Y")},
        )
