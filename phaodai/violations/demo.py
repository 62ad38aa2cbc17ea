"""The violations register's part of the demo province: a few violations in each commune."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.violations.enums import Decision, OffenderKind, PaymentStatus
from phaodai.violations.models import Violation
from phaodai.violations.services import derive_violation

# (behaviour, legal basis as the 2021 press cited it, decision, fine in đồng)
_CASES = [
    (
        "Không đeo khẩu trang nơi công cộng",
        "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
        Decision.FINE,
        2_000_000,
    ),
    (
        "Không đeo khẩu trang nơi công cộng",
        "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
        Decision.REMINDER,
        None,
    ),
    ("Tụ tập đông người trái quy định", "Điều 12 Nghị định 117/2020/NĐ-CP", Decision.PENDING, None),
    (
        "Kinh doanh karaoke trong thời gian tạm dừng",
        "Khoản 2 Điều 12 Nghị định 117/2020/NĐ-CP",
        Decision.FINE,
        15_000_000,
    ),
]
_PLACES = ["Chợ phiên", "Cổng trường", "Bến xe khách", "Nhà văn hoá thôn"]
_NAMES = ["Lý Văn Sử", "Giàng A Chu", "Vàng Thị Mai", "Hoàng Văn Đức", "Karaoke Ánh Dương"]


def seed_violations(context: DemoContext) -> DemoContribution:
    rng = random.Random(f"{context.seed}:violations")
    made: list[Violation] = []
    zone = timezone.get_current_timezone()
    for commune in context.communes[:40]:
        for number in range(rng.randint(1, 3)):
            rule, basis, decision, fine = _CASES[rng.randrange(len(_CASES))]
            day = context.today - dt.timedelta(days=rng.randint(1, 40))
            name = _NAMES[rng.randrange(len(_NAMES))]
            violation = Violation(
                unit=commune,
                offender_kind=OffenderKind.ESTABLISHMENT
                if name.startswith("Karaoke")
                else OffenderKind.OTHER,
                offender_name=name,
                rule_text=rule,
                legal_basis=basis,
                place=f"{_PLACES[rng.randrange(len(_PLACES))]}, {commune.name}",
                occurred_at=dt.datetime.combine(day, dt.time(8 + number, 15), zone),
                decision=decision,
                fine_amount=fine,
                decision_number=f"{number + 1}/QĐ-XPHC" if decision == Decision.FINE else "",
                decision_date=day + dt.timedelta(days=1) if decision != Decision.PENDING else None,
                payment_status=(
                    (PaymentStatus.PAID if rng.random() < 0.5 else PaymentStatus.UNPAID)
                    if decision == Decision.FINE
                    else PaymentStatus.NOT_APPLICABLE
                ),
            )
            if violation.payment_status == PaymentStatus.PAID and violation.decision_date is not None:
                violation.paid_on = violation.decision_date + dt.timedelta(days=3)
            derive_violation(violation)
            violation.save()
            made.append(violation)
    return DemoContribution(
        counts={"violations": len(made)}, lines=[f"  {len(made)} vi phạm phòng dịch"], analyze=(Violation,)
    )


CONTRIBUTORS = [DemoContributor(name="violations", order=400, seed=seed_violations)]
