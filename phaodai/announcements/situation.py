"""The figures of a unit's public situation page that come from other apps, through ``counts``.

This week's new cases are read from ``counts`` (indicator ``cases.new``, declared by the cases
app) only when that indicator is declared; otherwise the page says that the figure is not yet
available — never a number that was not counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phaodai.areas.models import AdminUnit
from phaodai.counts import indicators
from phaodai.counts.selectors import count_total

CASES_NEW = "cases.new"


@dataclass(frozen=True)
class WeekCases:
    available: bool
    count: int | None
    start: dt.date
    end: dt.date


def week_of(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to ``today`` (this week so far)."""
    return today - dt.timedelta(days=today.weekday()), today


def cases_this_week(*, unit: AdminUnit, today: dt.date) -> WeekCases:
    """The new cases of ``unit``'s subtree from Monday to today, if ``cases.new`` is declared.

    The public page shows a unit's own figure to anyone: the unit is not checked against a
    jurisdiction (a count is no personal data)."""
    start, end = week_of(today)
    if CASES_NEW not in indicators.declared_indicators():
        return WeekCases(available=False, count=None, start=start, end=end)
    return WeekCases(
        available=True, count=count_total(CASES_NEW, unit=unit, start=start, end=end), start=start, end=end
    )
