"""The synthetic samples' indicator, kept and rebuilt as a health app would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count

from phaodai.counts.indicators import CountRow, Indicator

INDICATORS = [
    Indicator(
        code="bench.samples",
        name="Mẫu xét nghiệm (giả lập)",
        meaning="Số mẫu lấy trong ngày, theo loại và kết quả",
        dims=("kind", "result"),
    )
]


def rebuild(since: dt.date | None) -> Iterator[CountRow]:
    """One aggregate in the database, streamed: the pattern for an app with millions of rows."""
    from bench.countsapp.models import BenchSample

    rows = BenchSample.objects.unscoped()
    if since is not None:
        rows = rows.filter(day__gte=since)
    grouped = rows.order_by().values_list("unit_id", "day", "kind", "result").annotate(n=Count("id"))
    for unit_id, day, kind, result, n in grouped.iterator(chunk_size=20_000):
        yield CountRow(unit_id, day, "bench.samples", (kind, result), n)
