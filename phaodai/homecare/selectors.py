"""Reading home-care monitoring, always from the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from phaodai.core.access import AnyUser
from phaodai.homecare.enums import LinkState, Slot
from phaodai.homecare.models import MissedSlot, MonitoringEntry, MonitoringLink
from phaodai.homecare.signs import WarningSignsParams
from phaodai.homecare.slots import slot_end
from phaodai.rules.selectors import params

if TYPE_CHECKING:
    from phaodai.areas.models import AdminUnit
    from phaodai.cases.models import Case


def entries_of_case(*, user: AnyUser, case: Case) -> QuerySet[MonitoringEntry]:
    """The case's entries, latest first (the case is already checked against the user)."""
    return (
        MonitoringEntry.objects.for_user(user)
        .filter(case=case)
        .select_related("rule_set", "entered_by")
        .order_by(*_by_slot(True), "-recorded_at")
    )


# The half-days in the day's order (the codes sort "afternoon" before "morning").
_SLOT_RANK = CaseWhen(When(slot=Slot.AFTERNOON, then=Value(1)), default=Value(0), output_field=IntegerField())


def _by_slot(descending: bool) -> tuple[Any, ...]:
    return ("-day", _SLOT_RANK.desc()) if descending else ("day", _SLOT_RANK.asc())


def symptom_labels(entry: MonitoringEntry) -> list[str]:
    """The entry's symptoms as its own rule set names them (in the active language)."""
    labels = dict(params(entry.rule_set, WarningSignsParams).symptom_choices())
    return [labels.get(code, code) for code in entry.symptoms]


def entries_of_link_case_on(*, link: MonitoringLink, day: dt.date) -> list[MonitoringEntry]:
    """The entries of a personal link's case on ``day`` (for the public sheet: no user, the link
    was checked by ``services.link_resolve`` and answers for this one case only)."""
    return list(
        MonitoringEntry.objects.unscoped().filter(case_id=link.case_id, day=day).order_by("recorded_at")
    )


def entry_get_for_user(*, user: AnyUser, entry_id: int) -> MonitoringEntry:
    """One entry inside the user's jurisdiction; 404 whether missing or outside."""
    entry = (
        MonitoringEntry.objects.for_user(user)
        .select_related("case__person", "case__unit", "rule_set", "entered_by", "unit")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def entries_for_user(
    *, user: AnyUser, unit: AdminUnit | None = None, day: dt.date | None = None, warning_only: bool = False
) -> QuerySet[MonitoringEntry]:
    found = MonitoringEntry.objects.for_user(user)
    if unit is not None:
        found = found.within(unit.path)
    if day is not None:
        found = found.filter(day=day)
    if warning_only:
        found = found.filter(has_warning=True)
    return found.select_related("case__person", "unit", "rule_set").order_by(
        *_by_slot(True), "-recorded_at", "-pk"
    )


def entries_of_person(
    *, user: AnyUser, person_id: int, latest_first: bool = False
) -> QuerySet[MonitoringEntry]:
    """The entries of every case of a person, inside the user's jurisdiction (person timeline)."""
    order = (*_by_slot(True), "-recorded_at") if latest_first else (*_by_slot(False), "recorded_at")
    return (
        MonitoringEntry.objects.for_user(user)
        .filter(case__person_id=person_id)
        .select_related("rule_set")
        .order_by(*order)
    )


def missed_of_person(*, user: AnyUser, person_id: int) -> QuerySet[MissedSlot]:
    return MissedSlot.objects.for_user(user).filter(case__person_id=person_id).order_by(*_by_slot(False))


def missed_of_case(*, user: AnyUser, case: Case) -> QuerySet[MissedSlot]:
    return MissedSlot.objects.for_user(user).filter(case=case).order_by(*_by_slot(True))


def links_of_case(*, user: AnyUser, case: Case) -> QuerySet[MonitoringLink]:
    return (
        MonitoringLink.objects.for_user(user)
        .filter(case=case)
        .select_related("created_by")
        .order_by("-created_at")
    )


def link_state(link: MonitoringLink, case: Case, today: dt.date) -> LinkState:
    """Revoked, expired (the isolation is over, or the case is no longer at home: the rules of
    ``services.link_resolve``), or still usable."""
    if link.revoked_at is not None:
        return LinkState.REVOKED
    until = case.isolation_until
    if (until is not None and today > until) or case.status != "active" or case.care_setting != "home":
        return LinkState.EXPIRED
    return LinkState.ACTIVE


def link_get_for_user(*, user: AnyUser, link_id: int) -> MonitoringLink:
    link = MonitoringLink.objects.for_user(user).select_related("case").filter(pk=link_id).first()
    if link is None:
        raise Http404
    return link


@dataclass(frozen=True)
class SlotState:
    slot: Slot
    entries: list[MonitoringEntry]
    missed: bool  # flagged by missed_slots_flag
    overdue: bool  # ended without an entry, not flagged yet
    pending: bool  # not ended yet, no entry so far


@dataclass(frozen=True)
class DayRow:
    case: Case
    slots: list[SlotState]

    @property
    def warning(self) -> bool:
        return any(entry.has_warning for state in self.slots for entry in state.entries)


def today_board(
    *, user: AnyUser, unit: AdminUnit | None, day: dt.date, now: dt.datetime | None = None
) -> list[DayRow]:
    """For each case at home isolating on ``day`` (inside the user's jurisdiction and ``unit``):
    its morning and afternoon, each with its entries, flagged missed, overdue or still to come.

    Three queries whatever the number of cases.
    """
    from phaodai.cases.models import Case

    moment = now or timezone.now()
    cases_qs = Case.objects.for_user(user)
    if unit is not None:
        cases_qs = cases_qs.within(unit.path)
    cases = list(
        cases_qs.filter(
            Q(isolation_until__isnull=True) | Q(isolation_until__gte=day),
            status="active",
            care_setting="home",
            isolation_from__lte=day,
        )
        .select_related("person", "unit")
        .order_by("unit__path", "person__full_name", "pk")[:500]
    )
    ids = [case.pk for case in cases]
    by_slot: dict[tuple[int, str], list[MonitoringEntry]] = {}
    for entry in (
        MonitoringEntry.objects.for_user(user).filter(case_id__in=ids, day=day).order_by("recorded_at")
    ):
        by_slot.setdefault((entry.case_id, entry.slot), []).append(entry)
    missed = set(
        MissedSlot.objects.for_user(user).filter(case_id__in=ids, day=day).values_list("case_id", "slot")
    )
    rows = []
    for case in cases:
        states = []
        for slot in (Slot.MORNING, Slot.AFTERNOON):
            entries = by_slot.get((case.pk, slot.value), [])
            ended = slot_end(day, slot) <= moment
            flagged = (case.pk, slot.value) in missed
            states.append(
                SlotState(
                    slot=slot,
                    entries=entries,
                    missed=flagged,
                    overdue=ended and not entries and not flagged,
                    pending=not ended and not entries,
                )
            )
        rows.append(DayRow(case=case, slots=states))
    return rows


def board_figures(rows: list[DayRow]) -> dict[str, Any]:
    slots = [state for row in rows for state in row.slots]
    return {
        "cases": len(rows),
        "entered": sum(1 for state in slots if state.entries),
        "missing": sum(1 for state in slots if state.missed or state.overdue),
        "warnings": sum(1 for row in rows if row.warning),
    }
