"""The request desk's part of the demo province: requests of every category in each commune,
some urgent, some handled and resolved (with their time to resolve), some still open.

Deterministic: each commune draws from ``random.Random(f"{seed}:requests:{commune code}")``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.people.models import Person
from phaodai.requests_desk.enums import RequestCategory, RequestChannel, RequestStatus, Urgency
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.receipts import ALPHABET, LENGTH

DEMO_COMMUNES = 40
PER_COMMUNE = 8
TEXTS = {
    RequestCategory.FOOD: [
        "Nhà đang cách ly, hết gạo và rau.",
        "Hai ông bà già sống một mình, cần lương thực.",
    ],
    RequestCategory.MEDICINE: [
        "Cần thuốc huyết áp, hiệu thuốc đóng cửa.",
        "Con nhỏ sốt cao, cần thuốc hạ sốt.",
    ],
    RequestCategory.HOSPITAL_TRANSPORT: [
        "Sản phụ sắp sinh, cần xe lên bệnh viện huyện.",
        "Người già khó thở.",
    ],
    RequestCategory.COMPLAINT: ["Phản ánh chốt kiểm dịch làm việc chậm.", "Chưa nhận được hỗ trợ đợt 1."],
    RequestCategory.VIOLATION_REPORT: [
        "Quán karaoke vẫn mở cửa ban đêm.",
        "Có người từ vùng dịch về chưa khai báo.",
    ],
    RequestCategory.OTHER: ["Hỏi thủ tục xin giấy đi đường.", "Cần xác nhận để đi làm ở khu công nghiệp."],
}
RESOLUTIONS = [
    "Tổ Covid cộng đồng đã mang hàng tới nhà.",
    "Trạm y tế đã cấp thuốc.",
    "Đã chuyển Công an xã xử lý.",
    "Đã giải thích, người dân đồng ý.",
]


def _code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(ALPHABET) for _ in range(LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def seed_requests(context: DemoContext) -> DemoContribution:
    # The demo's day at 18:00 local time (never the clock: the same seed gives the same records).
    now = timezone.make_aware(dt.datetime.combine(context.today, dt.time(18, 0)))
    taken = set(ResidentRequest.objects.unscoped().values_list("receipt_code", flat=True))
    made = resolved = 0
    for commune in context.communes[:DEMO_COMMUNES]:
        rng = random.Random(f"{context.seed}:requests:{commune.code}")
        villages = list(
            AdminUnit.objects.unscoped().filter(parent=commune, level=UnitLevel.VILLAGE).order_by("code")
        ) or [commune]
        residents = list(
            Person.objects.within(commune.path).select_related("household").order_by("pk")[: PER_COMMUNE * 4]
        )
        for number in range(PER_COMMUNE):
            category = list(RequestCategory)[number % len(RequestCategory)]
            person = rng.choice(residents) if residents and rng.random() < 0.6 else None
            received = now - dt.timedelta(hours=rng.randint(1, 24 * 6), minutes=rng.randint(0, 59))
            status = rng.choice(
                [RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS]
                + [RequestStatus.RESOLVED] * 3
            )
            request = ResidentRequest(
                receipt_code=_code(rng, taken),
                unit=person.residence_unit if person is not None else rng.choice(villages),
                category=category,
                urgency=Urgency.URGENT
                if category == RequestCategory.HOSPITAL_TRANSPORT or rng.random() < 0.15
                else Urgency.NORMAL,
                status=status,
                channel=rng.choice(list(RequestChannel)),
                description=rng.choice(TEXTS[category]),
                requester_name=person.full_name if person is not None else "Người dân",
                requester_phone=(person.phone if person is not None else "")
                or f"09{rng.randint(10_000_000, 99_999_999)}",
                person=person,
                household=person.household if person is not None else None,
                received_at=received,
            )
            if status == RequestStatus.RESOLVED:
                request.resolution = rng.choice(RESOLUTIONS)
                request.resolved_at = min(now, received + dt.timedelta(hours=rng.randint(1, 30)))
                resolved += 1
            request.save()
            made += 1
    return DemoContribution(
        counts={"requests": made, "requests_resolved": resolved},
        lines=[_("  %(n)d yêu cầu của người dân (%(r)d đã giải quyết)") % {"n": made, "r": resolved}],
        analyze=(ResidentRequest,),
    )


CONTRIBUTORS = [DemoContributor(name="requests_desk", order=920, seed=seed_requests)]
