"""Plain, deterministic factories for violations (written straight, as a migrated row would be)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from phaodai.areas.models import AdminUnit
from phaodai.violations.enums import Decision, OffenderKind, PaymentStatus
from phaodai.violations.models import Violation
from phaodai.violations.services import derive_violation

_numbers = itertools.count(1)
WHEN = dt.datetime(2021, 8, 20, 9, 30, tzinfo=dt.UTC)


def make_violation(
    *,
    unit: AdminUnit,
    offender_name: str | None = None,
    person: Any = None,
    decision: str = Decision.PENDING,
    fine_amount: int | None = None,
    **overrides: Any,
) -> Violation:
    number = next(_numbers)
    violation = Violation(
        unit=unit,
        offender_kind=OffenderKind.PERSON if person is not None else OffenderKind.OTHER,
        person=person,
        offender_name=offender_name
        or (person.full_name if person is not None else f"Người vi phạm {number}"),
        rule_text=overrides.pop("rule_text", "Không đeo khẩu trang nơi công cộng"),
        legal_basis=overrides.pop("legal_basis", "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP"),
        place=overrides.pop("place", "Chợ phiên"),
        occurred_at=overrides.pop("occurred_at", WHEN),
        decision=decision,
        fine_amount=fine_amount,
        payment_status=PaymentStatus.UNPAID if decision == Decision.FINE else PaymentStatus.NOT_APPLICABLE,
        **overrides,
    )
    derive_violation(violation)
    violation.save()
    return violation
