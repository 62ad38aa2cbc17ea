"""Figures the shell shows on the home card, read from the counts table."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.cases import flows
from phaodai.cases.enums import CareSetting, Severity
from phaodai.cases.selectors import cases_due
from phaodai.counts.selectors import Ask, figures_of


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

    asks = {
        "new_week": Ask(flows.NEW, today, week),
        "active": Ask(flows.SEVERITY, today),
        "severe": Ask(flows.SEVERITY, today, dims={1: Severity.SEVERE}),
        "critical": Ask(flows.SEVERITY, today, dims={1: Severity.CRITICAL}),
        "at_home": Ask(flows.CARE_SETTING, today, dims={1: CareSetting.HOME}),
        "recovered_week": Ask(flows.RECOVERED, today, week),
        "died_week": Ask(flows.DIED, today, week),
        "beds_occupied": Ask(flows.BEDS_OCCUPIED, today),
    }
    found: Counter[str] = Counter()
    for each in units:  # one query per unit (one unit unless the user chose none)
        found.update(figures_of(each, asks))
    due = cases_due(user, today=today, unit=unit)
    return CaseFigures(
        new_week=found["new_week"],
        active=found["active"],
        severe=found["severe"] + found["critical"],
        at_home=found["at_home"],
        recovered_week=found["recovered_week"],
        died_week=found["died_week"],
        beds_occupied=found["beds_occupied"],
        tests_due=due["tests"].count(),
        overdue=due["overdue"].count(),
    )
