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
        raise CommandError(f"--from takes a date as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Delete and recompute the daily counts from the records (one transaction per indicator)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="since", type=_date, default=None, help="only days from DATE (YYYY-MM-DD)"
        )
        parser.add_argument("--indicator", dest="only", default=None, help="only the indicator CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            done = rebuild_counts(since=options["since"], only=options["only"])
        except UnknownIndicatorError as exc:
            raise CommandError(f"no installed app declares the indicator {exc.args[0]!r}") from None
        for item in done:
            totals = (
                f" (totals: {item.totals_deleted} deleted, {item.totals_written} written)"
                if item.totals_written or item.totals_deleted
                else ""
            )
            subtree = f"; subtree totals: {item.subtree_deleted} deleted, {item.subtree_written} written"
            self.stdout.write(
                f"{item.indicator}: {item.deleted} deleted, {item.written} written{totals}{subtree}"
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{len(done)} indicator(s) rebuilt in {elapsed:.2f} s")
