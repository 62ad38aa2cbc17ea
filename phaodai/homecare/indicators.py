"""The home-care figures kept in ``counts`` (per commune and day): entries, missed half-days, signs.

Maintained by ``homecare.services`` in the same transaction as the record change; ``rebuild``
computes the same figures from the records (``manage.py rebuild_counts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from phaodai.counts.indicators import CountRow, Indicator
from phaodai.homecare.models import MissedSlot, MonitoringEntry

ENTRIES = "homecare.entries"
MISSED = "homecare.entries_missed"
SIGNS = "homecare.warning_signs"

INDICATORS = [
    Indicator(
        code=ENTRIES,
        name=_("Phiếu theo dõi F0 tại nhà"),
        meaning=_("Số phiếu theo dõi sức khỏe được ghi cho ca F0 tại nhà, theo ngày của buổi và người nhập."),
        dims=("source",),
    ),
    Indicator(
        code=MISSED,
        name=_("Buổi theo dõi bị bỏ lỡ"),
        meaning=_("Số buổi (sáng, chiều) của ca F0 tại nhà đã hết mà không có phiếu theo dõi nào."),
        dims=("slot",),
    ),
    Indicator(
        code=SIGNS,
        name=_("Dấu hiệu cảnh báo ghi nhận"),
        meaning=_(
            "Số phiếu theo dõi có từng dấu hiệu cảnh báo (theo số thứ tự của bộ quy định): một phiếu có hai dấu hiệu "
            "được đếm ở cả hai."
        ),
        dims=("sign",),
    ),
]


def rebuild(since: dt.date | None) -> Iterable[CountRow]:
    return [*_entries(since), *_missed(since), *_signs(since)]


def _entries(since: dt.date | None) -> Iterator[CountRow]:
    found = MonitoringEntry.objects.unscoped()
    if since is not None:
        found = found.filter(day__gte=since)
    for row in found.values("unit_id", "day", "source").annotate(n=Count("pk")).order_by():
        yield CountRow(row["unit_id"], row["day"], ENTRIES, (row["source"],), row["n"])


def _missed(since: dt.date | None) -> Iterator[CountRow]:
    found = MissedSlot.objects.unscoped()
    if since is not None:
        found = found.filter(day__gte=since)
    for row in found.values("unit_id", "day", "slot").annotate(n=Count("pk")).order_by():
        yield CountRow(row["unit_id"], row["day"], MISSED, (row["slot"],), row["n"])


def _signs(since: dt.date | None) -> Iterator[CountRow]:
    found = MonitoringEntry.objects.unscoped().filter(has_warning=True)
    if since is not None:
        found = found.filter(day__gte=since)
    totals: dict[tuple[int, dt.date, str], int] = {}
    for unit_id, day, signs in found.values_list("unit_id", "day", "signs").iterator():
        for number in signs:
            key = (unit_id, day, str(number))
            totals[key] = totals.get(key, 0) + 1
    for (unit_id, day, sign), value in totals.items():
        yield CountRow(unit_id, day, SIGNS, (sign,), value)
