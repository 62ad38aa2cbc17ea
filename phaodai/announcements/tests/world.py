"""The announcements app's part of the test world: an announcement, a testing place and the
public facts in each of the two communes."""

from __future__ import annotations

import wave
from typing import Any

from phaodai.accounts.tests.factories import make_user
from phaodai.announcements import audio
from phaodai.announcements.enums import AudioStatus
from phaodai.announcements.models import Announcement, ServicePlace, UnitSituation
from phaodai.announcements.tests.factories import make_announcement
from phaodai.core.roles import Role

SECRET = "Thông báo kín của Lùng Phình về chợ phiên"


def _silence() -> str:
    """A short silent WAV under the audio root, as the audio job would leave one."""
    name = audio.new_name()
    with wave.open(str(audio.root() / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x00\x00" * 2205)
    return name


def contribute(world: Any) -> None:
    units = world.units
    writer = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Xã Bản Phố"], username="viet_thongbao_bp")
    other_writer = make_user(
        role=Role.COMMUNITY_MEMBER, home_unit=units["Xã Lùng Phình"], username="viet_thongbao_lp"
    )
    ready: dict[str, Any] = {
        "audio_status": AudioStatus.READY,
        "audio_name": _silence(),
        "audio_seconds": 0.1,
    }
    own = make_announcement(
        unit=units["Xã Bản Phố"], written_by=writer, targets=[units["Thôn Bản Phố 1"]], **ready
    )
    other = make_announcement(
        unit=units["Xã Lùng Phình"],
        written_by=other_writer,
        title=SECRET,
        targets=[units["Thôn Lùng Phình"]],
        **ready,
    )
    places = {
        "own": ServicePlace.objects.create(unit=units["Xã Bản Phố"], name="Trạm Y tế xã Bản Phố"),
        "other": ServicePlace.objects.create(unit=units["Xã Lùng Phình"], name="Điểm tiêm kín Lùng Phình"),
    }
    UnitSituation.objects.create(
        unit=units["Xã Lùng Phình"], measures="Biện pháp kín Lùng Phình", hotline="0214999888"
    )
    world.announcements = {"own": own, "other": other}
    world.record("announcement_id", own=own.pk, other=other.pk)
    world.record("service_place_id", own=places["own"].pk, other=places["other"].pk)
    world.secret(SECRET, "Điểm tiêm kín Lùng Phình")
    world.search("cho phien")
    world.watch(
        lambda: [
            list(
                Announcement.objects.unscoped()
                .filter(pk=other.pk)
                .values_list("title", "status", "approved_by", "audio_status", "version")
            ),
            list(ServicePlace.objects.unscoped().filter(pk=places["other"].pk).values_list("name", "active")),
            list(
                UnitSituation.objects.unscoped()
                .filter(unit=units["Xã Lùng Phình"])
                .values_list("measures", "hotline")
            ),
        ]
    )
