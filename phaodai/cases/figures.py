"""Figures the shell shows on the home card, read from the counts table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.cases import flows
from phaodai.cases.enums import CareSetting, Severity
from phaodai.cases.selectors import cases_due
from phaodai.counts.selectors import count_total, stock_on


@dataclass(frozen=True)
class CaseFigures:
    new_week: int
    active: int
    severe: int
    at_home: int
    recovered_week: int
    died_week: int
    beds_occupied: int
    tests_due: int
    overdue: int


def _units(user: Any, unit: AdminUnit | None) -> list[AdminUnit]:
    if unit is not None:
        return [unit]
    return list(units_for_user(user=user).filter(parent__isnull=True))


def home_figures(*, user: Any, unit: AdminUnit | None) -> CaseFigures:
    """This week's new cases, recoveries and deaths, and today's stocks, from ``counts``."""
    today = timezone.localdate()
    week = today - dt.timedelta(days=6)
    units = _units(user, unit)

    def total(indicator: str) -> int:
        return sum(count_total(indicator, unit=u, start=week, end=today) for u in units)

    def stock(indicator: str, dims: dict[int, str] | None = None) -> int:
        return sum(stock_on(indicator, unit=u, on=today, dims=dims) for u in units)

    due = cases_due(user, today=today, unit=unit)
    return CaseFigures(
        new_week=total(flows.NEW),
        active=stock(flows.SEVERITY),
        severe=stock(flows.SEVERITY, {1: Severity.SEVERE}) + stock(flows.SEVERITY, {1: Severity.CRITICAL}),
        at_home=stock(flows.CARE_SETTING, {1: CareSetting.HOME}),
        recovered_week=total(flows.RECOVERED),
        died_week=total(flows.DIED),
        beds_occupied=stock(flows.BEDS_OCCUPIED),
        tests_due=due["tests"].count(),
        overdue=due["overdue"].count(),
    )
