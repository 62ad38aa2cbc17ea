"""Figures the shell shows (home card), read from the counts table, and the person timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.cases import flows
from phaodai.cases.enums import CareSetting, CaseStatus, Severity
from phaodai.cases.selectors import cases_due, cases_of_person
from phaodai.core.shell import TimelineEntry
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


def person_timeline(*, user: Any, person: Any) -> Iterator[TimelineEntry]:
    """The person's cases as timeline lines: confirmation, each severity step, each care setting, the outcome."""
    for case in cases_of_person(user, person.pk):
        url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
        yield TimelineEntry(
            on=case.confirmed_on,
            label=_("Khẳng định ca bệnh F0"),
            detail=case.get_how_found_display(),
            url=url,
            order=10,
        )
        for change in case.severity_changes.all():
            yield TimelineEntry(
                on=change.on,
                label=_("Mức độ: %(s)s") % {"s": change.get_severity_display()},
                detail=change.reason,
                url=url,
                order=20,
            )
        for episode in case.care_episodes.all():
            where = episode.facility.name if episode.facility is not None else episode.get_setting_display()
            yield TimelineEntry(
                on=episode.started_on,
                label=_("Nơi điều trị: %(w)s") % {"w": where},
                detail=episode.reason,
                url=url,
                order=30,
            )
        if case.status != CaseStatus.ACTIVE and case.outcome_on is not None:
            yield TimelineEntry(
                on=case.outcome_on,
                label=case.get_status_display(),
                detail=case.burial_note,
                url=url,
                order=90,
            )
