"""Plain factories for announcements (rows written straight, as a migrated row would be)."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from phaodai.announcements.enums import AnnouncementStatus
from phaodai.announcements.models import Announcement
from phaodai.announcements.services import derive_announcement
from phaodai.areas.models import AdminUnit

_numbers = itertools.count(1)


def make_announcement(
    *,
    unit: AdminUnit,
    written_by: Any,
    targets: list[AdminUnit] | None = None,
    title: str | None = None,
    body: str = "Đề nghị bà con đeo khẩu trang khi ra khỏi nhà.",
    status: str = AnnouncementStatus.DRAFT,
    **overrides: Any,
) -> Announcement:
    number = next(_numbers)
    announcement = Announcement(
        unit=unit,
        written_by=written_by,
        title=title or f"Thông báo số {number}",
        body=body,
        status=status,
        **overrides,
    )
    if status == AnnouncementStatus.PUBLISHED and announcement.published_at is None:
        announcement.published_at = timezone.now()
    derive_announcement(announcement)
    announcement.save()
    announcement.targets.set(targets or [unit])
    return announcement
