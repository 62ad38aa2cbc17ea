"""Welfare's part of the demo province: in each commune some households marked vulnerable, three
packages (food and medicine from the state, cash from a donor) received, and deliveries over the
last ten days, so "nobody goes hungry" shows some households reached and some still waiting.

Deterministic: each commune draws from ``random.Random(f"{seed}:welfare:{commune code}")``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.translation import gettext as _

from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.people.models import Household
from phaodai.welfare.enums import PackageKind, PackageSource, Vulnerability
from phaodai.welfare.models import Delivery, PackageReceipt, SupportPackage, VulnerableHousehold

DEMO_COMMUNES = 40
VULNERABLE_PER_COMMUNE = 12
PACKAGES = [
    (PackageKind.FOOD, "Gạo 10 kg và mì tôm", "suất", PackageSource.STATE, ""),
    (
        PackageKind.CASH,
        "Tiền mặt 500.000 đồng",
        "suất",
        PackageSource.DONOR,
        "Công ty Cổ phần Apatit Lào Cai",
    ),
    (PackageKind.MEDICINE, "Túi thuốc hạ sốt, khẩu trang", "túi", PackageSource.STATE, ""),
]
NEEDS = ["Gạo, rau xanh", "Thuốc huyết áp", "Sữa cho trẻ nhỏ", "Người chăm sóc", "Tiền điện, nước"]
PEOPLE_MARKS = list(Vulnerability)


def seed_welfare(context: DemoContext) -> DemoContribution:
    today = context.today
    counts = {"vulnerable_households": 0, "support_packages": 0, "package_receipts": 0, "deliveries": 0}
    for commune in context.communes[:DEMO_COMMUNES]:
        rng = random.Random(f"{context.seed}:welfare:{commune.code}")
        households = list(Household.objects.within(commune.path).select_related("unit").order_by("pk"))
        if not households:
            continue
        chosen = rng.sample(households, min(VULNERABLE_PER_COMMUNE, len(households)))
        marked = []
        for household in chosen:
            codes = sorted(set(rng.sample(PEOPLE_MARKS, rng.randint(1, 2))), key=PEOPLE_MARKS.index)
            record = VulnerableHousehold(
                household=household,
                unit=household.unit,
                vulnerabilities=[str(code) for code in codes],
                vulnerability_keys=f" {' '.join(codes)} ",
                needs=rng.choice(NEEDS),
            )
            record.save()
            marked.append(record)
        counts["vulnerable_households"] += len(marked)
        for kind, name, label, source, donor in PACKAGES:
            package = SupportPackage(unit=commune, kind=kind, name=name, unit_label=label)
            package.save()
            counts["support_packages"] += 1
            received = rng.randint(20, 40)
            PackageReceipt(
                package=package,
                unit=commune,
                quantity=received,
                received_on=today - dt.timedelta(days=12),
                source=source,
                donor=donor,
            ).save()
            counts["package_receipts"] += 1
            left = received
            for record in marked:
                if rng.random() < 0.55 and left > 0:
                    quantity = min(left, rng.randint(1, 2))
                    left -= quantity
                    Delivery(
                        package=package,
                        household=record.household,
                        vulnerable=record,
                        unit=record.unit,
                        quantity=quantity,
                        delivered_on=today - dt.timedelta(days=rng.randint(0, 10)),
                        delivered_by=rng.choice(
                            ["Đoàn Thanh niên xã", "Hội Phụ nữ xã", "Tổ Covid cộng đồng"]
                        ),
                    ).save()
                    counts["deliveries"] += 1
    return DemoContribution(
        counts=counts,
        lines=[
            _("  %(v)d hộ khó khăn, %(p)d loại hàng hỗ trợ, %(d)d lần phát hàng")
            % {
                "v": counts["vulnerable_households"],
                "p": counts["support_packages"],
                "d": counts["deliveries"],
            }
        ],
        analyze=(VulnerableHousehold, SupportPackage, PackageReceipt, Delivery),
    )


CONTRIBUTORS = [DemoContributor(name="welfare", order=930, seed=seed_welfare)]
