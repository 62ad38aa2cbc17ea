"""The test app's indicators: a flow by colour, and a stock of open tallies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from phaodai.counts.indicators import CountRow, Indicator

INDICATORS = [
    Indicator(
        code="tally.made", name="Phiếu đếm thử", meaning="Số phiếu lập trong ngày, theo màu", dims=("colour",)
    ),
    Indicator(code="tally.open", name="Phiếu đang mở", meaning="Số phiếu chưa đóng", stock=True),
]


def rebuild(since: dt.date | None) -> Iterator[CountRow]:
    from phaodai.counts.tests.tallyapp.models import Tally

    rows = Tally.objects.unscoped().values_list("unit_id", "day", "colour", "closed_on")
    for unit_id, day, colour, closed_on in rows.iterator():
        if since is None or day >= since:
            yield CountRow(unit_id, day, "tally.made", (colour,), 1)
            yield CountRow(unit_id, day, "tally.open", (), 1)
        if closed_on is not None and (since is None or closed_on >= since):
            yield CountRow(unit_id, closed_on, "tally.open", (), -1)
