"""Reading the counts: one aggregate over the unit path for any subtree and period.

Callers pass a unit already checked against the user's jurisdiction (``unit_for_user`` here,
or their own check). ``dims`` filters by dimension position: ``{1: "rapid_antigen"}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Aggregate, CharField, F, Func, Max, Q, QuerySet, Sum, TextField, Value
from pydantic_core import from_json

from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.counts.indicators import Indicator, declared_indicators
from phaodai.counts.indicators import indicator as indicator_of
from phaodai.counts.models import Indicator as IndicatorRow
from phaodai.counts.models import SubtreeMonth, SubtreeTotal
from phaodai.counts.services import TOTAL, indicators_sync

_STEP = PATH_SEGMENT_WIDTH + 1


def _filters(indicator: str, dims: Mapping[int, str] | None, *, by: int | None = None) -> dict[str, str]:
    """The dim1/dim2 values to read: each position given in ``dims``, the total ("*") of the others,
    "" past the indicator's dimensions; position ``by`` is left free (any value but the total)."""
    ndims = len(indicator_of(indicator).dims)
    wanted = dict(dims or {})
    for position in (*wanted, *((by,) if by is not None else ())):
        if position not in (1, 2) or position > ndims:
            raise ValueError(f"indicator {indicator!r} has {ndims} dimension(s); no position {position}")
    found: dict[str, str] = {}
    for position in (1, 2):
        if position == by:
            continue
        if position > ndims:
            found[f"dim{position}"] = ""
        else:
            found[f"dim{position}"] = wanted.get(position, TOTAL)
    return found


def _rows(
    indicator: str,
    unit: AdminUnit,
    dims: Mapping[int, str] | None,
    *,
    start: dt.date | None,
    end: dt.date,
    by: int | None = None,
    depth: int | None = None,
) -> QuerySet[Any]:
    """The subtree totals (``SubtreeTotal``) to read: ``unit``'s own rows (its whole subtree), or,
    with ``depth``, the rows of every unit of that depth under it; one per unit and day for the
    dimension values asked (``by``: one per value of that dimension)."""
    filters = _filters(indicator, dims, by=by)
    found: QuerySet[Any]
    if depth is None:
        # The unit's own rows: its path, an equality of the index, then the days' range (the
        # subtree range of ``within`` would hide the days from the index on SQLite).
        found = SubtreeTotal.objects.unscoped().filter(depth=unit.depth, area_path=unit.path)
    else:
        found = SubtreeTotal.objects.within(unit.path).filter(depth=depth)
    found = found.filter(indicator=indicator, day__lte=end, **filters)
    if start is not None:
        found = found.filter(day__gte=start)
    if by is not None:
        found = found.exclude(**{f"dim{by}": TOTAL})
    return found


def _fetch(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query as the driver returns them, without Django's per-value
    converters: a year of every commune is tens of thousands of rows, and converting each date
    string one by one took longer than the database's work."""
    sql, params = queryset.query.sql_with_params()
    return _fetch_sql(sql, params)


def _fetch_sql(sql: str, params: Any) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
    return found


def day_value(field: str = "day") -> Any:
    """The day column as the driver should return it: on SQLite as text (an expression has no
    declared type, so the driver does not run Django's date converter on every row, which cost
    more than reading the index; ``_Days`` parses each distinct day once), elsewhere as it is."""
    if connection.vendor == "sqlite":
        return Func(
            F(field), Value(""), template="(%(expressions)s)", arg_joiner=" || ", output_field=CharField()
        )
    return F(field)


class _Days(dict[Any, dt.date]):
    """A date as the driver returned it (a ``date``, or ISO text on SQLite) → the ``date``, parsed
    once per distinct day."""

    def __missing__(self, key: Any) -> dt.date:
        day = key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key)[:10])
        self[key] = day
        return day


def count_total(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> int:
    """The indicator summed over ``unit``'s subtree from ``start`` to ``end`` (both included)."""
    total = _rows(indicator, unit, dims, start=start, end=end).aggregate(total=Sum("value"))["total"]
    return int(total or 0)


@dataclass(frozen=True)
class Ask:
    """One figure of a unit: a flow summed from ``start`` to ``end``, or (``start`` None) a
    stock's level at the end of ``end``; ``dims`` as for ``count_total``."""

    indicator: str
    end: dt.date
    start: dt.date | None = None
    dims: Mapping[int, str] | None = None


def figures_of(unit: AdminUnit, asks: Mapping[str, Ask]) -> dict[str, int]:
    """Several figures of one unit's subtree in one query (a home card's): name → value, each
    what ``count_total`` or ``stock_on`` would answer for its ask."""
    if not asks:
        return {}
    sums: dict[str, Any] = {}
    for name, ask in asks.items():
        wanted = Q(indicator=ask.indicator, day__lte=ask.end, **_filters(ask.indicator, ask.dims))
        if ask.start is not None:
            wanted &= Q(day__gte=ask.start)
        sums[name] = Sum("value", filter=wanted)
    found = (
        SubtreeTotal.objects.unscoped()
        .filter(
            depth=unit.depth,
            area_path=unit.path,
            indicator__in={ask.indicator for ask in asks.values()},
            day__lte=max(ask.end for ask in asks.values()),
        )
        .aggregate(**sums)
    )
    return {name: int(found[name] or 0) for name in asks}


def count_by_day(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> dict[dt.date, int]:
    """Day → the indicator summed over the subtree, for the days that have a count (others are 0):
    the unit's own subtree-total rows, one per day."""
    rows = (
        _rows(indicator, unit, dims, start=start, end=end)
        .exclude(value=0)
        .order_by("day")
        .annotate(on=day_value())
        .values_list("on", "value")
    )
    days = _Days()
    return {days[day]: int(value) for day, value in _fetch(rows)}


def count_by_child(
    indicator: str, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> dict[int, int]:
    """Child unit id → the indicator summed over that child's subtree (counts filed at ``unit``
    itself, above its children, are not in any child's figure)."""
    rows = (
        _rows(indicator, unit, dims, start=start, end=end, depth=unit.depth + 1)
        .order_by()
        .values_list("unit_id")
        .annotate(total=Sum("value"))
    )
    return {int(child): int(total) for child, total in rows if total}


class _Joined(Aggregate):
    """A group's values as one comma-separated text. Every commune's year is tens of thousands of
    figures: handed to Python one row each, the driver's tuples cost more than the database's
    read; one row per unit with its days and its values side by side costs two JSON parses.
    Both lists of one group are joined in the same row order, so they stay aligned."""

    function = "group_concat"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="string_agg", **extra_context)


def day_offset(field: str, start: dt.date) -> Func:
    """The day as the number of days after ``start``, as text (for ``_Joined``)."""
    if connection.vendor == "postgresql":
        template = "((%(expressions)s)::text)"
        return Func(F(field), Value(start), template=template, arg_joiner=" - ", output_field=TextField())
    return Func(
        F(field),
        Value(start.isoformat()),
        template="CAST(julianday(%(expressions)s) AS INTEGER)",
        arg_joiner=") - julianday(",
        output_field=TextField(),
    )


def count_by_unit_day(
    indicator: str,
    *,
    unit: AdminUnit,
    depth: int,
    start: dt.date,
    end: dt.date,
    dims: Mapping[int, str] | None = None,
) -> dict[int, list[int]]:
    """Unit id → the indicator summed on each day from ``start`` to ``end`` (item ``i`` is day
    ``start + i``, 0 where nothing was counted), for every unit of ``depth`` (``AdminUnit.depth``:
    0 a province, 2 its communes) inside ``unit``'s subtree that has a count in the period: a
    dashboard's "every commune, every day", a heat map's rows. Read from the packed month rows of
    those units (``SubtreeMonth``: a year is a dozen rows per unit), in one range of the
    ``counts_month_grid`` index, fetched as one row per unit (``_Joined``). Counts filed above that
    depth are in no unit's figure."""
    if depth < unit.depth:
        raise ValueError(f"depth {depth} is above the unit's own depth {unit.depth}")
    rows = (
        SubtreeMonth.objects.within(unit.path)
        .filter(
            depth=depth,
            indicator=indicator,
            month__gte=start.replace(day=1),
            month__lte=end,
            **_filters(indicator, dims),
        )
        .order_by()
        # By path, the index's order (one path is one unit at one depth): no sort before grouping.
        .values_list("area_path")
        .annotate(at=Max("unit_id"), months=_Joined(day_offset("month", start)), days=_Joined(F("days")))
        .values_list("at", "months", "days")
    )
    return month_grid(_fetch(rows), (end - start).days + 1)


def month_grid(rows: Iterable[tuple[Any, str, str]], days: int) -> dict[int, list[int]]:
    """Unit id → its ``days`` figures from rows of (unit id, its months' first days as offsets from
    the first day joined, their ``SubtreeMonth.days`` arrays joined), as ``count_by_unit_day``
    fetches them: each month's days laid at its offset, cut to the period. A unit whose figures
    are all 0 (counts that cancelled out) is left out, as a unit with no count."""
    grid: dict[int, list[int]] = {}
    for at, offsets, packed in rows:
        row = [0] * days
        # pydantic-core's parser (Rust): a year of every commune is ~55,000 numbers, which it
        # parses in about half the standard library's time (1.3 against 2.3 ms measured).
        for offset, values in zip(from_json(f"[{offsets}]"), from_json(f"[{packed}]"), strict=True):
            low = max(0, -offset)
            high = min(len(values), days - offset)
            if high > low:
                row[offset + low : offset + high] = values[low:high]
        if any(row):
            grid[int(at)] = row
    return grid


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
    rows = (
        _rows(indicator, unit, dims, start=start, end=end, by=dim)
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


@dataclass(frozen=True)
class IndicatorFigure:
    """One indicator's figure for a unit and period: the total of a flow, a stock's last level."""

    indicator: Indicator
    value: int


def figures_for(*, unit: AdminUnit, start: dt.date, end: dt.date) -> list[IndicatorFigure]:
    """Every declared indicator's figure for the subtree over the period (one query per indicator)."""
    found = []
    for item in declared_indicators().values():
        if item.stock:
            value = stock_on(item.code, unit=unit, on=end)
        else:
            value = count_total(item.code, unit=unit, start=start, end=end)
        found.append(IndicatorFigure(item, value))
    return found


def days_of(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=offset) for offset in range((end - start).days + 1)]


def series_for(
    item: Indicator, *, unit: AdminUnit, start: dt.date, end: dt.date, dims: Mapping[int, str] | None = None
) -> list[tuple[dt.date, int]]:
    """(day, value) for every day of the period: a flow's count that day, a stock's level."""
    if item.stock:
        return list(stock_by_day(item.code, unit=unit, start=start, end=end, dims=dims).items())
    by_day = count_by_day(item.code, unit=unit, start=start, end=end, dims=dims)
    return [(day, by_day.get(day, 0)) for day in days_of(start, end)]
