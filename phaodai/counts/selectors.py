"""Reading the counts: one aggregate over the unit path for any subtree and period.

Callers pass a unit already checked against the user's jurisdiction (``unit_for_user`` here,
or their own check). ``dims`` filters by dimension position: ``{1: "rapid_antigen"}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import QuerySet, Sum
from django.db.models.functions import Substr

from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.counts.models import DailyCount
from phaodai.counts.models import Indicator as IndicatorRow
from phaodai.counts.services import indicators_sync

_STEP = PATH_SEGMENT_WIDTH + 1


def _rows(
    indicator: str, unit: AdminUnit, dims: Mapping[int, str] | None, *, start: dt.date | None, end: dt.date
) -> QuerySet[DailyCount]:
    found = DailyCount.objects.within(unit.path).filter(indicator=indicator, day__lte=end)
    if start is not None:
        found = found.filter(day__gte=start)
    for position, value in (dims or {}).items():
        if position not in (1, 2):
            raise ValueError(f"dimension positions are 1 and 2, not {position}")
        found = found.filter(**{f"dim{position}": value})
    return found


def count_total(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> int:
    """The indicator summed over ``unit``'s subtree from ``start`` to ``end`` (both included)."""
    total = _rows(indicator, unit, dims, start=start, end=end).aggregate(total=Sum("value"))["total"]
    return int(total or 0)


def count_by_day(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> dict[dt.date, int]:
    """Day → the indicator summed over the subtree, for the days that have a count (others are 0)."""
    rows = (
        _rows(indicator, unit, dims, start=start, end=end)
        .order_by()
        .values_list("day")
        .annotate(total=Sum("value"))
        .order_by("day")
    )
    return {day: int(total) for day, total in rows}


def count_by_child(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> dict[int, int]:
    """Child unit id → the indicator summed over that child's subtree (counts filed at ``unit``
    itself, above its children, are not in any child's figure)."""
    begin = len(unit.path) + 1
    rows = (
        _rows(indicator, unit, dims, start=start, end=end)
        .exclude(area_path=unit.path)
        .order_by()
        .annotate(child=Substr("area_path", begin, PATH_SEGMENT_WIDTH))
        .values_list("child")
        .annotate(total=Sum("value"))
    )
    return {int(child): int(total) for child, total in rows}


def count_by_dim(
    indicator: str,
    *,
    unit: AdminUnit,
    start: dt.date,
    end: dt.date,
    dim: int,
    dims: Mapping[int, str] | None = None,
) -> dict[str, int]:
    """Value of dimension ``dim`` (1 or 2) → the indicator summed over the subtree and period."""
    if dim not in (1, 2):
        raise ValueError(f"dimension positions are 1 and 2, not {dim}")
    rows = (
        _rows(indicator, unit, dims, start=start, end=end)
        .order_by()
        .values_list(f"dim{dim}")
        .annotate(total=Sum("value"))
    )
    return {str(value): int(total) for value, total in rows}


def stock_on(indicator: str, *, unit: AdminUnit, on: dt.date, dims: Mapping[int, str] | None = None) -> int:
    """A stock's level at the end of ``on``: its flows summed over every day up to it."""
    total = _rows(indicator, unit, dims, start=None, end=on).aggregate(total=Sum("value"))["total"]
    return int(total or 0)


def stock_by_day(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> dict[dt.date, int]:
    """Day → a stock's level at the end of that day, for every day from ``start`` to ``end``."""
    level = stock_on(indicator, unit=unit, on=start - dt.timedelta(days=1), dims=dims)
    flows = count_by_day(indicator, unit=unit, start=start, end=end, dims=dims)
    levels: dict[dt.date, int] = {}
    day = start
    while day <= end:
        level += flows.get(day, 0)
        levels[day] = level
        day += dt.timedelta(days=1)
    return levels


def indicator_rows() -> QuerySet[IndicatorRow]:
    """The declared indicators as rows (synced with the declarations first), by code."""
    indicators_sync()
    return IndicatorRow.objects.filter(declared=True).order_by("code")
