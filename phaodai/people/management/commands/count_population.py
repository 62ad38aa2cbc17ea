"""Count the registry into population figures: ``manage.py count_population --year 2021 [--era 2021]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from phaodai.areas.models import MapEra
from phaodai.people.services import population_count_from_registry


class Command(BaseCommand):
    help = "Đếm nhân khẩu theo đơn vị, nhóm tuổi và giới tính, ghi thành số dân nguồn sổ nhân khẩu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="Năm (mặc định: năm nay).")
        parser.add_argument("--era", default="", help="Chỉ đếm đơn vị của bản đồ hành chính có mã này.")

    def handle(self, *args: Any, year: int | None, era: str, **options: Any) -> None:
        map_era = None
        if era:
            map_era = MapEra.objects.filter(code=era).first()
            if map_era is None:
                raise CommandError(f"Không có bản đồ hành chính mã {era}.")
        year = year or timezone.localdate().year
        rows = population_count_from_registry(year=year, era=map_era)
        self.stdout.write(f"Đã ghi {rows} ô số dân năm {year} từ sổ nhân khẩu.")
