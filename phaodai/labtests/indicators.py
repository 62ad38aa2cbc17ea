"""The testing figures kept in ``counts`` (per unit and day of sampling).

Each is moved by the testing services in the same transaction as the record that makes it
(``services.counting``) and recomputed from the records by ``rebuild``:

* ``labtests.samples`` (kind): samples taken, one per person sampled (pool members included),
  in the unit of the session (or of the person, for a sample taken outside a session);
* ``labtests.positive`` (kind): results positive, by the day the sample was taken;
* ``labtests.pools`` (kind): pooled samples taken; ``labtests.pools_positive`` (kind): of them positive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from phaodai.counts.indicators import CountRow, Indicator
from phaodai.labtests.enums import ResultValue
from phaodai.labtests.models import Pool, Sample, TestResult

SAMPLES = "labtests.samples"
POSITIVE = "labtests.positive"
POOLS = "labtests.pools"
POOLS_POSITIVE = "labtests.pools_positive"

INDICATORS = [
    Indicator(
        code=SAMPLES,
        name=_("Mẫu xét nghiệm đã lấy"),
        meaning=_(
            "Số người được lấy mẫu (kể cả người trong mẫu gộp), theo ngày lấy mẫu, tại đơn vị của đợt "
            "xét nghiệm (hoặc nơi cư trú nếu lấy ngoài đợt), theo loại xét nghiệm."
        ),
        dims=("kind",),
    ),
    Indicator(
        code=POSITIVE,
        name=_("Mẫu dương tính"),
        meaning=_("Số kết quả xét nghiệm dương tính của từng người, theo ngày lấy mẫu và loại xét nghiệm."),
        dims=("kind",),
    ),
    Indicator(
        code=POOLS,
        name=_("Mẫu gộp đã lấy"),
        meaning=_("Số mẫu gộp, theo ngày lấy mẫu và loại xét nghiệm."),
        dims=("kind",),
    ),
    Indicator(
        code=POOLS_POSITIVE,
        name=_("Mẫu gộp dương tính"),
        meaning=_("Số mẫu gộp có kết quả dương tính, theo ngày lấy mẫu và loại xét nghiệm."),
        dims=("kind",),
    ),
]


def _rows(indicator: str, queryset: Any, since: dt.date | None) -> Iterator[CountRow]:
    if since is not None:
        queryset = queryset.filter(sampled_on__gte=since)
    grouped = queryset.values("unit_id", "sampled_on", "kind").annotate(n=Count("pk")).order_by()
    for row in grouped:
        yield CountRow(
            unit_id=row["unit_id"],
            day=row["sampled_on"],
            indicator=indicator,
            dims=(row["kind"],),
            value=row["n"],
        )


def rebuild(since: dt.date | None) -> Iterable[CountRow]:
    """Every testing figure from the records (from ``since`` on, by the day of sampling)."""
    yield from _rows(SAMPLES, Sample.objects.unscoped(), since)
    yield from _rows(POSITIVE, TestResult.objects.unscoped().filter(result=ResultValue.POSITIVE), since)
    yield from _rows(POOLS, Pool.objects.unscoped(), since)
    yield from _rows(POOLS_POSITIVE, Pool.objects.unscoped().filter(result=ResultValue.POSITIVE), since)
