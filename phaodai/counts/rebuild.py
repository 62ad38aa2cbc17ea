"""Recomputing the counts from the records: delete and rebuild, one transaction per indicator.

Each app's ``rebuild(since)`` (its ``indicators.py``) yields the figures computed from its
records; rows of the same key are summed, the totals over each dimension added as ``count_add``
keeps them (``counts.services.stored_keys``); zero values are not stored. ``since`` limits both the
deletion and the rebuild to days from the first day of its month (``SubtreeMonth`` rows hold whole
months). Run it while records are not being written
(a record changed between the computation and the write of an indicator is counted as the
computation saw it; the next rebuild, or its own ``count_add``, puts it right).
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.counts.indicators import CountRow, Indicator, RebuildFn, Source, indicator, sources
from phaodai.counts.models import DailyCount, DailyTotal, SubtreeMonth, SubtreeTotal
from phaodai.counts.services import SUBTREE_LEVELS, TOTAL, indicators_sync, month_of, stored_keys

BATCH = 5000

Key = tuple[int, dt.date, str, str]  # unit id, day, dim1, dim2
Row = tuple[int, str, dt.date, str, str, str, int]  # a DailyCount row as inserted


@dataclass(frozen=True)
class Rebuilt:
    """What one indicator's rebuild did: rows deleted and written (counts; and totals)."""

    indicator: str
    deleted: int
    written: int
    totals_deleted: int = 0
    totals_written: int = 0
    subtree_deleted: int = 0
    subtree_written: int = 0
    month_deleted: int = 0
    month_written: int = 0


def _takes_indicator(fn: RebuildFn) -> bool:
    try:
        return "indicator" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def computed(source: Source, since: dt.date | None, only: set[str]) -> dict[str, dict[Key, int]]:
    """The figures of ``source``'s indicators named in ``only``, summed by key, from its records."""
    wanted = [item for item in source.indicators if item.code in only]
    by_indicator: dict[str, dict[Key, int]] = {item.code: defaultdict(int) for item in wanted}
    if source.rebuild is None or not wanted:
        return by_indicator
    streams: list[Iterable[CountRow]]
    if _takes_indicator(source.rebuild):
        streams = [source.rebuild(since, indicator=item.code) for item in wanted]
    else:
        streams = [source.rebuild(since)]
    for stream in streams:
        for row in stream:
            target = by_indicator.get(row.indicator)
            if target is None:
                continue
            if since is not None and row.day < since:
                continue
            for dim1, dim2 in stored_keys(len(row.dims), [str(value) for value in row.dims]):
                target[(row.unit_id, row.day, dim1, dim2)] += row.value
    return by_indicator


_STEP = PATH_SEGMENT_WIDTH + 1


def levels_of(path: str) -> list[tuple[int, str, int]]:
    """(unit id, path, depth) of the unit at ``path`` and of each of its ancestors (those
    ``count_add`` adds to: up to ``SUBTREE_LEVELS`` levels), read from the path: its segments are
    the units' ids."""
    depth = len(path) // _STEP - 1
    found = [
        (int(path[d * _STEP : d * _STEP + PATH_SEGMENT_WIDTH]), path[: (d + 1) * _STEP], d)
        for d in range(min(depth, SUBTREE_LEVELS))
    ]
    found.append((int(path[depth * _STEP : depth * _STEP + PATH_SEGMENT_WIDTH]), path, depth))
    return list(dict.fromkeys(found))


def subtree_figures(figures: dict[Key, int], paths: dict[int, str]) -> dict[Key, int]:
    """The figures summed over each unit's subtree: every figure added to its unit and ancestors."""
    levels: dict[int, list[tuple[int, str, int]]] = {}
    rolled: dict[Key, int] = defaultdict(int)
    for (unit_id, day, dim1, dim2), value in figures.items():
        if not value:
            continue
        above = levels.get(unit_id)
        if above is None:
            above = levels[unit_id] = levels_of(paths[unit_id])
        for at, _path, _depth in above:
            rolled[(at, day, dim1, dim2)] += value
    return rolled


MonthKey = tuple[int, dt.date, str, str]  # unit id, the month's first day, dim1, dim2


def packed_months(figures: dict[Key, int]) -> dict[MonthKey, list[int]]:
    """Figures by day packed by month as ``SubtreeMonth`` keeps them: one list per unit, month and
    dimension key, one item per day of the month."""
    months: dict[MonthKey, list[int]] = {}
    for (unit_id, day, dim1, dim2), value in figures.items():
        if not value:
            continue
        first, item, length = month_of(day)
        row = months.get((unit_id, first, dim1, dim2))
        if row is None:
            row = months[(unit_id, first, dim1, dim2)] = [0] * length
        row[item] += value
    return months


def _write(item: Indicator, figures: dict[Key, int], since: dt.date | None, paths: dict[int, str]) -> Rebuilt:
    """Delete and write one indicator's rows, its counts in ``DailyCount`` and its totals over
    each dimension (a ``"*"``) in ``DailyTotal``, in one transaction."""
    done = {DailyCount: (0, 0), DailyTotal: (0, 0)}
    with transaction.atomic():
        for model in (DailyCount, DailyTotal):
            totals = model is DailyTotal
            old = model.objects.unscoped().filter(indicator=item.code)
            if since is not None:
                old = old.filter(day__gte=since)
            deleted = old._raw_delete(old.db)  # one DELETE: no row has dependants
            rows = (
                (unit_id, paths[unit_id], day, item.code, dim1, dim2, value)
                for (unit_id, day, dim1, dim2), value in figures.items()
                if value and (TOTAL in (dim1, dim2)) == totals
            )
            done[model] = (deleted, _insert(model, rows))
        subtree_old = SubtreeTotal.objects.unscoped().filter(indicator=item.code)
        if since is not None:
            subtree_old = subtree_old.filter(day__gte=since)
        deleted = subtree_old._raw_delete(subtree_old.db)
        places = {
            at: (path, depth)
            for unit_id in {key[0] for key in figures}
            for at, path, depth in levels_of(paths[unit_id])
        }
        rolled = subtree_figures(figures, paths)
        subtree = (
            (at, places[at][0], places[at][1], day, item.code, dim1, dim2, value)
            for (at, day, dim1, dim2), value in sorted(rolled.items())
            if value
        )
        written = _insert(SubtreeTotal, subtree)
        months_old = SubtreeMonth.objects.unscoped().filter(indicator=item.code)
        if since is not None:
            months_old = months_old.filter(month__gte=since)
        months_deleted = months_old._raw_delete(months_old.db)
        months = (
            (
                at,
                places[at][0],
                places[at][1],
                first,
                item.code,
                dim1,
                dim2,
                json.dumps(days, separators=(",", ":")),
            )
            for (at, first, dim1, dim2), days in sorted(packed_months(rolled).items())
        )
        months_written = _insert(SubtreeMonth, months)
    return Rebuilt(
        item.code, *done[DailyCount], *done[DailyTotal], deleted, written, months_deleted, months_written
    )


def _insert(
    model: type[DailyCount | DailyTotal | SubtreeTotal | SubtreeMonth], rows: Iterator[tuple[Any, ...]]
) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    if model is SubtreeMonth:
        columns = "(unit_id, area_path, depth, month, indicator, dim1, dim2, days)"
    elif model is SubtreeTotal:
        columns = "(unit_id, area_path, depth, day, indicator, dim1, dim2, value)"
    else:
        columns = "(unit_id, area_path, day, indicator, dim1, dim2, value)"
    marks = ", ".join(["%s"] * (columns.count(",") + 1))
    written = 0
    if connection.vendor == "postgresql":
        # COPY … FROM STDIN: several times faster than INSERTs.
        connection.ensure_connection()
        raw: Any = connection.connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written
    sql = f"INSERT INTO {table} {columns} VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _paths_of(figures: Iterable[dict[Key, int]]) -> dict[int, str]:
    ids = {key[0] for each in figures for key in each}
    paths: dict[int, str] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        paths.update(AdminUnit.objects.unscoped().filter(pk__in=chunk).values_list("pk", "path"))
    return paths


def rebuild_counts(*, since: dt.date | None = None, only: str | None = None) -> list[Rebuilt]:
    """Delete and recompute the counts (of indicator ``only``, of days from ``since``).

    An app whose ``rebuild`` takes ``indicator=`` is asked one indicator at a time, inside that
    indicator's transaction; otherwise its ``rebuild`` runs once and each of its indicators is
    then written in its own transaction.
    """
    indicators_sync()
    if since is not None:
        since = since.replace(day=1)  # the month rows are rebuilt whole
    if only is not None:
        indicator(only)  # UnknownIndicatorError if it is not declared
    done: list[Rebuilt] = []
    for source in sources():
        codes = [item.code for item in source.indicators if only is None or item.code == only]
        if not codes:
            continue
        if source.rebuild is not None and _takes_indicator(source.rebuild):
            for code in codes:
                with transaction.atomic():
                    figures = computed(source, since, {code})
                    done.append(_write(indicator(code), figures[code], since, _paths_of(figures.values())))
            continue
        figures = computed(source, since, set(codes))
        paths = _paths_of(figures.values())
        done.extend(_write(indicator(code), figures[code], since, paths) for code in codes)
    return done
