"""``manage.py load_units [--era 2021|2025|all]``: load the real administrative units."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phaodai.areas.loaders import ERA_CODES, FixtureError, load_era, load_successions
from phaodai.areas.models import MapEra


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính thật của bản đồ 2021 (63 tỉnh / 705 huyện / 10.603 xã) và/hoặc "
        "2025 (34 tỉnh / 3.321 xã) từ dữ liệu kèm theo; chạy lại không tạo bản ghi trùng. "
        "Khi cả hai bản đồ đã có, nạp cả quan hệ kế thừa 2021 → 2025."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--era", choices=[*ERA_CODES, "all"], default="all", help="Bản đồ cần nạp (mặc định: all)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        eras = list(ERA_CODES) if options["era"] == "all" else [options["era"]]
        try:
            for era_code in eras:
                started = time.monotonic()
                changed = load_era(era_code)
                self.stdout.write(
                    f"Bản đồ {era_code}: {changed} bản ghi mới hoặc thay đổi ({time.monotonic() - started:.1f} giây)."
                )
            if MapEra.objects.filter(code__in=ERA_CODES).count() == len(ERA_CODES):
                changed = load_successions()
                self.stdout.write(f"Quan hệ kế thừa 2021 → 2025: {changed} bản ghi mới hoặc thay đổi.")
        except FixtureError as exc:
            raise CommandError(str(exc)) from exc
