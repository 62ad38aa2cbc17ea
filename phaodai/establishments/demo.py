"""The establishments' part of the demo province: in each of the first communes a factory, a
karaoke (closed under the distancing rules), a market and a school, some with an inspection."""

from __future__ import annotations

import datetime as dt
import random

from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.establishments.enums import Answer, EstablishmentKind, InspectionResult, Readiness, SchoolLevel
from phaodai.establishments.models import ChecklistItem, Establishment, Inspection, InspectionAnswer
from phaodai.establishments.services import derive_establishment

_PLAN = (
    "Thành lập tổ an toàn COVID-19; đo thân nhiệt, khai báo y tế ở cổng; bố trí ăn ca có vách ngăn; "
    "khu cách ly tạm thời cạnh phòng bảo vệ; xét nghiệm định kỳ theo cấp độ dịch."
)


def _items_for(kind: str, items: list[ChecklistItem]) -> list[ChecklistItem]:
    return [item for item in items if not item.kinds or kind in item.kinds]


def seed_establishments(context: DemoContext) -> DemoContribution:
    rng = random.Random(f"{context.seed}:establishments")
    items = list(ChecklistItem.objects.filter(active=True).order_by("order"))
    made: list[Establishment] = []
    inspections = 0
    for commune in context.communes[:30]:
        plan = [
            (
                EstablishmentKind.FACTORY,
                f"Công ty chế biến nông sản {commune.name.removeprefix('Xã ')}",
                rng.randint(40, 400),
            ),
            (EstablishmentKind.KARAOKE, f"Karaoke {rng.choice(['Ánh Dương', 'Hoa Hồng', 'Sao Mai'])}", 6),
            (EstablishmentKind.MARKET, f"Chợ phiên {commune.name.removeprefix('Xã ')}", 0),
            (
                EstablishmentKind.SCHOOL,
                f"Trường PTDTBT Tiểu học {commune.name.removeprefix('Xã ')}",
                rng.randint(120, 500),
            ),
        ]
        for kind, name, headcount in plan:
            establishment = Establishment(
                unit=commune,
                kind=kind,
                name=name,
                headcount=headcount,
                industrial_park="Cụm công nghiệp Bắc Hà" if kind == EstablishmentKind.FACTORY else "",
                safety_plan=_PLAN if kind in (EstablishmentKind.FACTORY, EstablishmentKind.SCHOOL) else "",
                safety_plan_on=context.today - dt.timedelta(days=30)
                if kind == EstablishmentKind.FACTORY
                else None,
                school_level=SchoolLevel.PRIMARY if kind == EstablishmentKind.SCHOOL else "",
                may_operate=kind != EstablishmentKind.KARAOKE,
                operate_note="Tạm dừng theo Chỉ thị 16" if kind == EstablishmentKind.KARAOKE else "",
            )
            derive_establishment(establishment)
            establishment.save()
            made.append(establishment)
            if kind in (EstablishmentKind.FACTORY, EstablishmentKind.SCHOOL) and rng.random() < 0.7:
                applicable = _items_for(kind, items)
                unmet = {item.code for item in applicable if rng.random() < 0.1}
                result = InspectionResult.PASSED if not unmet else InspectionResult.CONDITIONAL
                day = context.today - dt.timedelta(days=rng.randint(2, 20))
                inspection = Inspection.objects.create(
                    establishment=establishment,
                    unit=commune,
                    inspected_on=day,
                    inspectors="Đoàn kiểm tra liên ngành xã",
                    result=result,
                    follow_up="Khắc phục các tiêu chí chưa đạt" if unmet else "",
                    follow_up_due=day + dt.timedelta(days=7) if unmet else None,
                )
                InspectionAnswer.objects.bulk_create(
                    InspectionAnswer(
                        inspection=inspection,
                        item=item,
                        answer=Answer.NOT_MET if item.code in unmet else Answer.MET,
                    )
                    for item in applicable
                )
                inspections += 1
                if kind == EstablishmentKind.SCHOOL:
                    establishment.readiness = Readiness.READY if not unmet else Readiness.NOT_READY
                    establishment.readiness_on = day
                    establishment.save(update_fields=["readiness", "readiness_on"])
    return DemoContribution(
        counts={"establishments": len(made), "inspections": inspections},
        lines=[f"  {len(made)} cơ sở, doanh nghiệp, trường học; {inspections} lần kiểm tra"],
        analyze=(Establishment, Inspection),
    )


CONTRIBUTORS = [DemoContributor(name="establishments", order=380, seed=seed_establishments)]
