"""Moving the counts, in the transaction of the record change that moves them; syncing indicators.

``count_add`` is one statement per table on both databases: an ``INSERT … ON CONFLICT … DO UPDATE
SET value = value + excluded.value`` (SQLite ≥ 3.24, PostgreSQL ≥ 9.5), into ``DailyCount``, for an
indicator with dimensions into ``DailyTotal``, and into ``SubtreeTotal`` for the unit and each of
its ancestors; ``SubtreeMonth``'s packed month rows are moved the same way, their day's item
grown in place (``json_replace`` on SQLite, ``jsonb_set`` on PostgreSQL). Two transactions adding
to the same key
therefore neither lose an increment nor fail on the unique key: the second waits for the first's
row lock, then adds to the committed value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import connection
from django.utils import translation

from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.counts.indicators import declared_indicators, indicator
from phaodai.counts.models import DailyCount, DailyTotal, SubtreeMonth, SubtreeTotal
from phaodai.counts.models import Indicator as IndicatorRow


class CountKey(NamedTuple):
    """Where one record counts: unit, day, indicator and its dimension values."""

    unit_id: int
    day: dt.date
    indicator: str
    dims: tuple[str, ...] = ()


TOTAL = "*"  # a dimension value meaning "all values": the rows of a dimension's totals


def stored_keys(ndims: int, values: Sequence[str]) -> list[tuple[str, str]]:
    """The (dim1, dim2) rows one count moves: its own, and the totals over each dimension.

    A count of ``("rt_pcr", "positive")`` also adds to ``("rt_pcr", "*")``, ``("*", "positive")``
    and ``("*", "*")``, so any total is one row per unit and day (``counts.selectors``).
    """
    if ndims == 0:
        return [("", "")]
    if ndims == 1:
        return [(values[0], ""), (TOTAL, "")]
    first, second = values[0], values[1]
    return [(first, second), (first, TOTAL), (TOTAL, second), (TOTAL, TOTAL)]


def _dims(code: str, dims: Sequence[str]) -> list[tuple[str, str]]:
    declared = indicator(code)
    values = tuple(str(value) for value in dims)
    if len(values) != len(declared.dims):
        raise ValueError(
            f"indicator {code!r} has dimensions {declared.dims!r}; {len(values)} values given: {values!r}"
        )
    if TOTAL in values:
        raise ValueError(f"indicator {code!r}: {TOTAL!r} is kept for the totals, not a dimension value")
    return stored_keys(len(values), values)


def _upsert_sql(model: type[DailyCount | DailyTotal], rows: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    units = connection.ops.quote_name(AdminUnit._meta.db_table)
    keys = " UNION ALL ".join(["SELECT %s AS dim1, %s AS dim2"] * rows)
    return (
        f"INSERT INTO {table} (unit_id, area_path, day, indicator, dim1, dim2, value) "  # noqa: S608
        f"SELECT u.id, u.path, %s, %s, k.dim1, k.dim2, %s FROM {units} u, ({keys}) k WHERE u.id = %s "
        "ON CONFLICT (unit_id, day, indicator, dim1, dim2) "
        f"DO UPDATE SET value = {table}.value + excluded.value"
    )


# The levels above a unit whose subtree totals a count moves (``SubtreeTotal``): its ancestors up
# to this depth, found from its path inside the statement (the map has four levels).
SUBTREE_LEVELS = 8


def _ancestors_upsert_sql(
    model: type[SubtreeTotal | SubtreeMonth], rows: int, *, column: str, grown: str
) -> str:
    """One statement writing to ``model``'s rows of the unit and each of its ancestors (cut from
    ``u.path`` inside the statement), for each key: ``column`` is the day column (``day`` or
    ``month``), ``grown`` what an existing row becomes. Rows are taken in the order of the unique
    key so that concurrent writers lock them in the same order (no deadlock between two
    statements). Placeholders: the day, the indicator, the new row's value, the keys, the unit,
    then ``grown``'s."""
    table = connection.ops.quote_name(model._meta.db_table)
    units = connection.ops.quote_name(AdminUnit._meta.db_table)
    keys = " UNION ALL ".join(["SELECT %s AS dim1, %s AS dim2"] * rows)
    step = PATH_SEGMENT_WIDTH + 1
    ancestors = ", ".join(
        ["u.path", *(f"substr(u.path, 1, {step * level})" for level in range(1, SUBTREE_LEVELS + 1))]
    )
    value = "value" if model is SubtreeTotal else "days"
    return (
        f"INSERT INTO {table} (unit_id, area_path, depth, {column}, indicator, dim1, dim2, {value}) "  # noqa: S608
        f"SELECT a.id, a.path, a.depth, %s, %s, k.dim1, k.dim2, %s FROM {units} u, {units} a, ({keys}) k "
        f"WHERE u.id = %s AND a.path IN ({ancestors}) ORDER BY k.dim1, k.dim2, a.id "
        f"ON CONFLICT (indicator, dim1, dim2, unit_id, {column}) "
        f"DO UPDATE SET {value} = {grown.format(table=table)}"
    )


def _subtree_sql(rows: int) -> str:
    """The subtree totals of the unit and each of its ancestors, each key's value added."""
    return _ancestors_upsert_sql(SubtreeTotal, rows, column="day", grown="{table}.value + excluded.value")


def month_of(day: dt.date) -> tuple[dt.date, int, int]:
    """(the month's first day, the day's item in its ``SubtreeMonth.days``, the month's length)."""
    return day.replace(day=1), day.day - 1, calendar.monthrange(day.year, day.month)[1]


def _month_sql(rows: int) -> str:
    """As ``_subtree_sql``, into the packed month rows: a new row is the month's zeros with the
    delta at the day's item; an existing row has that item grown by the delta."""
    if connection.vendor == "postgresql":
        old = "({table}.days)::jsonb"
        grown = f"jsonb_set({old}, ARRAY[(%s)::text], to_jsonb(({old} ->> (%s)::int)::bigint + (%s)::bigint))::text"
    else:
        grown = "json_replace({table}.days, %s, json_extract({table}.days, %s) + %s)"
    return _ancestors_upsert_sql(SubtreeMonth, rows, column="month", grown=grown)


def _month_params(day: dt.date, delta: int) -> tuple[dt.date, str, list[Any]]:
    """The month, a new row's ``days`` and the parameters growing an existing row's item."""
    first, item, length = month_of(day)
    fresh = [0] * length
    fresh[item] = delta
    if connection.vendor == "postgresql":
        grow: list[Any] = [str(item), item, delta]
    else:
        grow = [f"$[{item}]", f"$[{item}]", delta]
    return first, json.dumps(fresh, separators=(",", ":")), grow


def count_add(
    *, unit: AdminUnit | int, day: dt.date, indicator: str, delta: int = 1, dims: Sequence[str] = ()
) -> None:
    """Add ``delta`` to the indicator's count in ``unit`` on ``day`` for those dimension values
    (``DailyCount``), to its totals over each dimension (``DailyTotal``: ``stored_keys``), and
    to all of these in the subtree totals of the unit and each of its ancestors (``SubtreeTotal``,
    and packed by month in ``SubtreeMonth``).

    Call it inside the transaction of the record change. ``ValueError`` for an undeclared
    indicator, the wrong number of dimension values or the value ``"*"`` (a programming error,
    not user input); ``AdminUnit.DoesNotExist`` for a unit that is not there.
    """
    own, *totals = _dims(indicator, dims)
    if delta == 0:
        return
    unit_id = unit.pk if isinstance(unit, AdminUnit) else int(unit)
    with connection.cursor() as cursor:
        for model, keys in ((DailyCount, [own]), (DailyTotal, totals)):
            if not keys:
                continue
            # In the order of the statement's placeholders: day, indicator, delta, the keys, the unit.
            params: list[Any] = [day, indicator, delta, *[value for key in keys for value in key], unit_id]
            cursor.execute(_upsert_sql(model, len(keys)), params)
            if cursor.rowcount == 0:
                raise AdminUnit.DoesNotExist(f"no unit {unit_id}")
        every = [own, *totals]
        keyed = [value for key in every for value in key]
        cursor.execute(_subtree_sql(len(every)), [day, indicator, delta, *keyed, unit_id])
        month, fresh, grow = _month_params(day, delta)
        cursor.execute(_month_sql(len(every)), [month, indicator, fresh, *keyed, unit_id, *grow])


def count_move(before: CountKey | None, after: CountKey | None, *, delta: int = 1) -> None:
    """A record edited: it stops counting at ``before`` and counts at ``after`` (None: created/deleted)."""
    if before == after:
        return
    if before is not None:
        count_add(
            unit=before.unit_id, day=before.day, indicator=before.indicator, delta=-delta, dims=before.dims
        )
    if after is not None:
        count_add(unit=after.unit_id, day=after.day, indicator=after.indicator, delta=delta, dims=after.dims)


def indicators_sync() -> int:
    """Write the declarations into ``counts.Indicator`` (new, changed, no longer declared): only
    what differs, so it is cheap to call at every first use. Returns the number declared."""
    declared = declared_indicators()
    existing = {row.code: row for row in IndicatorRow.objects.all()}
    for code, item in declared.items():
        with translation.override("vi"):
            name, meaning = str(item.name), str(item.meaning)
        values = {
            "name": name,
            "meaning": meaning,
            "app": item.app,
            "dims": list(item.dims),
            "stock": item.stock,
            "declared": True,
        }
        row = existing.get(code)
        if row is None:
            IndicatorRow.objects.create(code=code, **values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            IndicatorRow.objects.filter(pk=row.pk).update(**values)
    IndicatorRow.objects.exclude(code__in=list(declared)).filter(declared=True).update(declared=False)
    return len(declared)
