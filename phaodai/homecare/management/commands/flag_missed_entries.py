"""``manage.py flag_missed_entries``: flag the half-days that ended without an entry (for cron)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from phaodai.homecare.services import missed_slots_flag


class Command(BaseCommand):
    help = "Đánh dấu các buổi theo dõi F0 tại nhà đã hết mà không có phiếu (chạy lại không đánh dấu trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        flagged = missed_slots_flag()
        by_unit = Counter(slot.unit.name for slot in flagged)
        for name, count in sorted(by_unit.items()):
            self.stdout.write(f"{name}: {count} buổi bị bỏ lỡ")
        self.stdout.write(f"Đã đánh dấu {len(flagged)} buổi bị bỏ lỡ.")
