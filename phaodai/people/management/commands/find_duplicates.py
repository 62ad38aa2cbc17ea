"""Scan the registry for likely duplicate persons: ``manage.py find_duplicates [--unit-code CODE]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phaodai.areas.models import AdminUnit
from phaodai.people.duplicates import find_duplicates_bulk


class Command(BaseCommand):
    help = "Tìm các cặp hồ sơ nhân khẩu nghi trùng và ghi vào hàng chờ xem xét."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unit-code", default="", help="Chỉ quét trong đơn vị có mã này (mặc định: tất cả)."
        )
        parser.add_argument(
            "--era", default="", help="Mã bản đồ hành chính, khi mã đơn vị có ở nhiều bản đồ."
        )

    def handle(self, *args: Any, unit_code: str, era: str, **options: Any) -> None:
        area = None
        if unit_code:
            units = AdminUnit.objects.unscoped().filter(code=unit_code)
            if era:
                units = units.filter(era__code=era)
            found = list(units[:2])
            if not found:
                raise CommandError(f"Không có đơn vị mã {unit_code}.")
            if len(found) > 1:
                raise CommandError(f"Mã {unit_code} có ở nhiều bản đồ hành chính; hãy thêm --era.")
            area = found[0]
        count = find_duplicates_bulk(area=area)
        where = area.name if area is not None else "toàn bộ địa bàn"
        self.stdout.write(f"Đã tìm thấy {count} cặp hồ sơ nghi trùng mới trong {where}.")
