"""Moving the counts, in the transaction of the record change that moves them; syncing indicators.

``count_add`` is one statement on both databases: an ``INSERT … ON CONFLICT … DO UPDATE SET
value = value + excluded.value`` (SQLite ≥ 3.24, PostgreSQL ≥ 9.5). Two transactions adding to
the same key therefore neither lose an increment nor fail on the unique key: the second waits
for the first's row lock, then adds to the committed value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.db import connection
from django.utils import translation

from phaodai.areas.models import AdminUnit
from phaodai.counts.indicators import declared_indicators, indicator
from phaodai.counts.models import DailyCount
from phaodai.counts.models import Indicator as IndicatorRow


class CountKey(NamedTuple):
    """Where one record counts: unit, day, indicator and its dimension values."""

    unit_id: int
    day: dt.date
    indicator: str
    dims: tuple[str, ...] = ()


def _dims(code: str, dims: Sequence[str]) -> tuple[str, str]:
    declared = indicator(code)
    values = tuple(str(value) for value in dims)
    if len(values) != len(declared.dims):
        raise ValueError(
            f"indicator {code!r} has dimensions {declared.dims!r}; {len(values)} values given: {values!r}"
        )
    padded = (*values, "", "")
    return padded[0], padded[1]


def _upsert_sql() -> str:
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    units = connection.ops.quote_name(AdminUnit._meta.db_table)
    return (
        f"INSERT INTO {table} (unit_id, area_path, day, indicator, dim1, dim2, value) "  # noqa: S608
        f"SELECT id, path, %s, %s, %s, %s, %s FROM {units} WHERE id = %s "
        "ON CONFLICT (unit_id, day, indicator, dim1, dim2) "
        f"DO UPDATE SET value = {table}.value + excluded.value"
    )


def count_add(
    *, unit: AdminUnit | int, day: dt.date, indicator: str, delta: int = 1, dims: Sequence[str] = ()
) -> None:
    """Add ``delta`` to the indicator's count in ``unit`` on ``day`` (for those dimension values).

    Call it inside the transaction of the record change. ``ValueError`` for an undeclared
    indicator or the wrong number of dimension values (a programming error, not user input);
    ``AdminUnit.DoesNotExist`` for a unit that is not there.
    """
    dim1, dim2 = _dims(indicator, dims)
    if delta == 0:
        return
    unit_id = unit.pk if isinstance(unit, AdminUnit) else int(unit)
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), [day, indicator, dim1, dim2, delta, unit_id])
        if cursor.rowcount == 0:
            raise AdminUnit.DoesNotExist(f"no unit {unit_id}")


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
