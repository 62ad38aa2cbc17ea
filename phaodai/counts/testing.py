"""For the tests of the apps that keep counts: the incremental table equals the rebuilt one."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from phaodai.counts.indicators import sources
from phaodai.counts.models import DailyCount, DailyTotal, SubtreeMonth, SubtreeTotal
from phaodai.counts.rebuild import Key, _paths_of, computed, subtree_figures

Figure = tuple[str, int, dt.date, str, str]  # indicator, unit id, day, dim1, dim2


class CountsDifferError(AssertionError):
    """The counts kept incrementally are not those the records give (``differences`` lists them)."""

    def __init__(self, differences: dict[Figure, tuple[int, int]]) -> None:
        self.differences = differences
        lines = [
            f"{code} unit={unit} day={day} dims=({dim1!r}, {dim2!r}): kept {kept}, records give {rebuilt}"
            for (code, unit, day, dim1, dim2), (kept, rebuilt) in sorted(differences.items())[:50]
        ]
        more = len(differences) - len(lines)
        super().__init__(
            f"{len(differences)} count(s) differ from the records:\n"
            + "\n".join(lines)
            + (f"\n… and {more} more" if more > 0 else "")
        )


SUBTREE = " (subtree)"  # marks a subtree total's indicator code in ``CountsDifferError.differences``
MONTHS = " (months)"  # and a packed month row's (``SubtreeMonth``), day by day


def _month_figures(*, since: dt.date | None, only: set[str] | None) -> dict[Figure, int]:
    """The non-zero figures of ``SubtreeMonth``'s rows, one per day of each row's month."""
    found: dict[Figure, int] = {}
    rows = SubtreeMonth.objects.unscoped().all()
    if since is not None:
        rows = rows.filter(month__gte=since.replace(day=1))
    if only is not None:
        rows = rows.filter(indicator__in=only)
    for code, unit, first, dim1, dim2, days in rows.values_list(
        "indicator", "unit_id", "month", "dim1", "dim2", "days"
    ):
        for item, value in enumerate(json.loads(days)):
            day = first + dt.timedelta(days=item)
            if value and (since is None or day >= since):
                found[(code, unit, day, dim1, dim2)] = value
    return found


def kept_figures(
    *, since: dt.date | None = None, only: set[str] | None = None, subtree: bool = False, months: bool = False
) -> dict[Figure, int]:
    """The non-zero figures of the counts tables (``DailyCount`` and its totals, ``DailyTotal``;
    with ``subtree``, those of ``SubtreeTotal``; with ``months``, ``SubtreeMonth``'s by day)."""
    if months:
        return _month_figures(since=since, only=only)
    found: dict[Figure, int] = defaultdict(int)
    for model in (SubtreeTotal,) if subtree else (DailyCount, DailyTotal):
        rows = model.objects.unscoped().exclude(value=0)
        if since is not None:
            rows = rows.filter(day__gte=since)
        if only is not None:
            rows = rows.filter(indicator__in=only)
        for code, unit, day, dim1, dim2, value in rows.values_list(
            "indicator", "unit_id", "day", "dim1", "dim2", "value"
        ):
            found[(code, unit, day, dim1, dim2)] += value
    return {key: value for key, value in found.items() if value}


def rebuilt_figures(
    *, since: dt.date | None = None, only: set[str] | None = None, subtree: bool = False
) -> dict[Figure, int]:
    """The non-zero figures the apps' ``rebuild`` functions compute from the records (nothing
    written); with ``subtree``, summed over each unit's subtree as ``SubtreeTotal`` keeps them."""
    found: dict[Figure, int] = {}
    for source in sources():
        codes = {item.code for item in source.indicators if only is None or item.code in only}
        by_indicator: dict[str, dict[Key, int]] = computed(source, since, codes)
        if subtree:
            paths = _paths_of(by_indicator.values())
            by_indicator = {code: subtree_figures(figures, paths) for code, figures in by_indicator.items()}
        for code, figures in by_indicator.items():
            for (unit, day, dim1, dim2), value in figures.items():
                if value:
                    found[(code, unit, day, dim1, dim2)] = value
    return found


def assert_counts_rebuild_equal(since: dt.date | None = None, *, only: set[str] | None = None) -> None:
    """``CountsDifferError`` (an ``AssertionError``) listing every figure where the counts kept by
    ``count_add`` differ from those ``rebuild_counts`` would write (zero and absent are equal):
    first the counts and their totals; when those agree, the subtree totals (their indicator code
    followed by ``SUBTREE`` in ``differences``); when those agree, the packed month rows, day by
    day, against the same subtree totals (``MONTHS``)."""
    for subtree, months, mark in ((False, False, ""), (True, False, SUBTREE), (True, True, MONTHS)):
        kept = kept_figures(since=since, only=only, subtree=subtree, months=months)
        rebuilt = rebuilt_figures(since=since, only=only, subtree=subtree)
        differences = {
            (key[0] + mark, *key[1:]): (kept.get(key, 0), rebuilt.get(key, 0))
            for key in kept.keys() | rebuilt.keys()
            if kept.get(key, 0) != rebuilt.get(key, 0)
        }
        if differences:
            raise CountsDifferError(differences)
