"""``manage.py rebuild_counts [--from DATE] [--indicator CODE]``: recompute the counts from the records."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phaodai.counts.indicators import UnknownIndicatorError
from phaodai.counts.rebuild import rebuild_counts


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--from cần một ngày dạng YYYY-MM-DD (năm-tháng-ngày), không phải {text!r}"
        ) from None


class Command(BaseCommand):
    help = (
        "Xoá và tính lại số liệu ngày từ hồ sơ (mỗi chỉ số một giao dịch); "
        "--from tính lại từ ngày đầu tháng của ngày đó."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="since",
            type=_date,
            default=None,
            help="chỉ các ngày từ DATE (YYYY-MM-DD), tính từ ngày đầu tháng",
        )
        parser.add_argument("--indicator", dest="only", default=None, help="chỉ chỉ số có mã CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            done = rebuild_counts(since=options["since"], only=options["only"])
        except UnknownIndicatorError as exc:
            raise CommandError(f"không ứng dụng nào khai báo chỉ số {exc.args[0]!r}") from None
        for item in done:
            totals = (
                f" (tổng theo chiều: xoá {item.totals_deleted}, ghi {item.totals_written})"
                if item.totals_written or item.totals_deleted
                else ""
            )
            subtree = f"; tổng theo địa bàn: xoá {item.subtree_deleted}, ghi {item.subtree_written}"
            months = f"; theo tháng: xoá {item.month_deleted}, ghi {item.month_written}"
            self.stdout.write(
                f"{item.indicator}: xoá {item.deleted}, ghi {item.written} dòng{totals}{subtree}{months}"
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Đã tính lại {len(done)} chỉ số trong {elapsed:.2f} giây")
