"""The announcements' part of the demo province: the demo commune's announcements (one published,
with its loudspeaker audio when espeak-ng is installed; one waiting for approval), its measures,
hotline and testing and vaccination places. Runs after the demo accounts (order 900)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phaodai.accounts.demo import Anchor, demo_anchor_units
from phaodai.accounts.models import User
from phaodai.announcements import audio
from phaodai.announcements.enums import AnnouncementStatus, AudioStatus, PlaceKind
from phaodai.announcements.models import Announcement, ServicePlace, UnitSituation
from phaodai.announcements.services import derive_announcement
from phaodai.areas.models import AdminUnit
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor

_PUBLISHED = (
    "Tạm dừng chợ phiên Bản Phố",
    "Thực hiện chỉ đạo của Ban Chỉ đạo phòng, chống dịch huyện, từ sáu giờ sáng thứ Bảy, chợ phiên Bản Phố "
    "tạm dừng họp cho đến khi có thông báo mới.\n\nĐề nghị bà con không tụ tập đông người, đeo khẩu trang "
    "khi ra khỏi nhà. Người từ vùng dịch về phải khai báo ngay với tổ Covid cộng đồng hoặc trạm y tế xã.",
)
_WAITING = (
    "Lịch tiêm vắc xin mũi 2 tại trạm y tế",
    "Trạm y tế xã tổ chức tiêm vắc xin mũi 2 cho người từ 18 tuổi trở lên vào sáng thứ Hai. "
    "Bà con mang theo căn cước công dân và giấy xác nhận đã tiêm mũi 1.",
)


def _villages(commune: AdminUnit) -> list[AdminUnit]:
    return list(AdminUnit.objects.unscoped().filter(parent=commune).order_by("code"))


def seed_announcements(context: DemoContext) -> DemoContribution:
    anchors = demo_anchor_units(province=context.province, communes=context.communes)
    commune = anchors[Anchor.COMMUNE]
    writer = User.objects.filter(username="yte.xa").first()
    leader = User.objects.filter(username="canbo.xa").first()
    if commune is None or writer is None or leader is None:
        return DemoContribution(counts={"announcements": 0})
    now = timezone.now()
    targets = _villages(commune) or [commune]
    made = []
    for (title, body), status in (
        (_PUBLISHED, AnnouncementStatus.PUBLISHED),
        (_WAITING, AnnouncementStatus.SUBMITTED),
    ):
        announcement = Announcement(unit=commune, title=title, body=body, written_by=writer, status=status)
        if status == AnnouncementStatus.PUBLISHED:
            announcement.approved_by, announcement.approved_at = leader, now - dt.timedelta(hours=3)
            announcement.published_at = now - dt.timedelta(hours=2)
            if audio.program() is not None:
                name = audio.new_name()
                announcement.audio_seconds = round(
                    audio.speak(audio.script_text(title, body), audio.root() / name), 2
                )
                announcement.audio_name, announcement.audio_status = name, AudioStatus.READY
        derive_announcement(announcement)
        announcement.save()
        announcement.targets.set(targets)
        made.append(announcement)
    UnitSituation.objects.unscoped().update_or_create(
        unit=commune,
        defaults={
            "measures": "Chợ phiên tạm dừng. Nhà hàng, quán ăn chỉ bán mang về. Không tụ tập quá 10 người nơi công cộng.",
            "measures_since": context.today - dt.timedelta(days=3),
            "hotline": "02143880115",
            "hotline_label": f"Trạm Y tế {commune.name} (24/24)",
            "area_path": commune.path,
        },
    )
    places = [
        ServicePlace(
            unit=commune,
            kind=PlaceKind.BOTH,
            name=f"Trạm Y tế {commune.name}",
            address="Trung tâm xã",
            hours="7:30–17:00, cả thứ Bảy",
            phone="02143880115",
        ),
        ServicePlace(
            unit=commune,
            kind=PlaceKind.TESTING,
            name="Điểm xét nghiệm nhanh chợ phiên",
            address="Cổng chợ phiên",
            hours="7:00–11:00",
        ),
    ]
    for place in places:
        place.save()
    return DemoContribution(
        counts={"announcements": len(made), "service_places": len(places)},
        lines=[f"  {len(made)} thông báo, {len(places)} nơi xét nghiệm, tiêm chủng ({commune.name})"],
    )


CONTRIBUTORS = [DemoContributor(name="announcements", order=950, seed=seed_announcements)]
