"""Reads of cases, facilities and beds. Lists start from ``Model.objects.for_user(user)``.

Occupancy is computed from the ``CareEpisode`` rows, never typed: a bed is occupied on a day
when an episode in that facility and bed kind started on or before it and has not ended
(``ended_on`` is the day the case left). Facilities for a transfer are read across the
province (they are public infrastructure, not personal data): a commune's officer transfers to
a district or provincial facility outside their own jurisdiction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from phaodai.areas.models import AdminUnit
from phaodai.cases.enums import BedKind, CareSetting, CaseStatus
from phaodai.cases.models import BedCapacity, CareEpisode, Case, Facility, SeverityChange
from phaodai.core.access import ScopedQuerySet, get_or_404, has_capability
from phaodai.core.roles import Capability

__all__ = [
    "BedState",
    "FacilityChoice",
    "active_cases_for_user",
    "beds_of",
    "case_filter",
    "case_for_user",
    "case_isolating_on",
    "cases_due",
    "cases_for_user",
    "cases_of_person",
    "facilities_for_transfer",
    "facilities_for_user",
    "facility_for_user",
    "free_beds",
    "occupancy_by_day",
    "occupancy_on",
]

_CASE_RELATED = ("person", "unit", "facility", "home_care_rule_set", "risk_rule_set", "end_rule_set")


def cases_for_user(user: Any) -> ScopedQuerySet[Case]:
    """Every case inside the user's jurisdiction (none without ``VIEW_CASES``)."""
    if not has_capability(user, Capability.VIEW_CASES):
        return Case.objects.none()
    return Case.objects.for_user(user).select_related("person", "unit", "facility")


def case_for_user(user: Any, case_id: int | str) -> Case:
    """One case; 404 both when missing and when outside the user's jurisdiction or capability."""
    if not has_capability(user, Capability.VIEW_CASES):
        raise Http404
    return get_or_404(Case.objects.for_user(user).select_related(*_CASE_RELATED), pk=case_id)


def active_cases_for_user(user: Any) -> ScopedQuerySet[Case]:
    return cases_for_user(user).filter(status=CaseStatus.ACTIVE)


def case_isolating_on(case: Case, on: dt.date) -> bool:
    """Is the case in isolation on ``on``? From confirmation until its outcome; while active and
    past its last isolation day (``isolation_until``), no longer."""
    start = case.isolation_from or case.confirmed_on
    if on < start:
        return False
    if case.status != CaseStatus.ACTIVE:
        return case.outcome_on is not None and on < case.outcome_on
    return case.isolation_until is None or on <= case.isolation_until


def case_filter(
    queryset: ScopedQuerySet[Case],
    *,
    unit: AdminUnit | None = None,
    status: str = "",
    severity: str = "",
    care_setting: str = "",
    how_found: str = "",
    source_known: bool | None = None,
    confirmed_from: dt.date | None = None,
    confirmed_to: dt.date | None = None,
) -> ScopedQuerySet[Case]:
    if unit is not None:
        queryset = queryset.within(unit.path)
    if status:
        queryset = queryset.filter(status=status)
    if severity:
        queryset = queryset.filter(severity=severity)
    if care_setting:
        queryset = queryset.filter(care_setting=care_setting)
    if how_found:
        queryset = queryset.filter(how_found=how_found)
    if source_known is not None:
        queryset = queryset.filter(source_known=source_known)
    if confirmed_from is not None:
        queryset = queryset.filter(confirmed_on__gte=confirmed_from)
    if confirmed_to is not None:
        queryset = queryset.filter(confirmed_on__lte=confirmed_to)
    return queryset


def cases_due(user: Any, *, today: dt.date, unit: AdminUnit | None = None) -> dict[str, QuerySet[Case]]:
    """The three due lists of a day, among active cases.

    ``tests``: a release test is due today (the first day isolation may end with a negative test);
    ``may_end``: isolation may end today without a test, or its last day is today;
    ``overdue``: past the last day (or past the release day with no last day), still active.
    """
    active = case_filter(active_cases_for_user(user), unit=unit).order_by("release_test_on", "pk")
    return {
        "tests": active.filter(release_test_on=today).exclude(release_test=""),
        "may_end": active.filter(Q(release_test_on=today, release_test="") | Q(isolation_until=today)),
        "overdue": active.filter(
            Q(isolation_until__lt=today) | Q(isolation_until__isnull=True, release_test_on__lt=today)
        ),
    }


def cases_of_person(user: Any, person_id: int) -> list[Case]:
    """The person's cases visible to the user, oldest first, with their histories."""
    return list(
        cases_for_user(user)
        .filter(person_id=person_id)
        .prefetch_related("severity_changes", "care_episodes__facility")
        .order_by("confirmed_on", "pk")
    )


def severity_history(case: Case) -> list[SeverityChange]:
    return list(SeverityChange.objects.filter(case=case).select_related("rule_set", "recorded_by"))


def care_history(case: Case) -> list[CareEpisode]:
    return list(CareEpisode.objects.filter(case=case).select_related("facility", "recorded_by"))


# Facilities and beds -----------------------------------------------------------------------


def facilities_for_user(user: Any) -> ScopedQuerySet[Facility]:
    if not has_capability(user, Capability.VIEW_FACILITIES):
        return Facility.objects.none()
    return Facility.objects.for_user(user).select_related("unit")


def facility_for_user(user: Any, facility_id: int | str) -> Facility:
    if not has_capability(user, Capability.VIEW_FACILITIES):
        raise Http404
    return get_or_404(Facility.objects.for_user(user).select_related("unit"), pk=facility_id)


def beds_of(facility: Facility) -> dict[str, int]:
    """Capacity by bed kind (kinds without beds are left out)."""
    return dict(BedCapacity.objects.filter(facility=facility).values_list("kind", "beds"))


def _open_on(on: dt.date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def occupancy_on(facility: Facility | int, on: dt.date, *, exclude_case: int | None = None) -> dict[str, int]:
    """Beds occupied by kind on ``on``, counted from the care episodes."""
    episodes = CareEpisode.objects.filter(_open_on(on), facility=facility)
    if exclude_case is not None:
        episodes = episodes.exclude(case_id=exclude_case)
    rows = episodes.values("bed_kind").annotate(n=Count("pk")).values_list("bed_kind", "n")
    return dict(rows)


def free_beds(
    facility: Facility, kind: str, *, start: dt.date, end: dt.date, exclude_case: int | None = None
) -> int:
    """The fewest free beds of ``kind`` on any day from ``start`` to ``end`` (both included)."""
    capacity = (
        BedCapacity.objects.filter(facility=facility, kind=kind).values_list("beds", flat=True).first() or 0
    )
    episodes = CareEpisode.objects.filter(facility=facility, bed_kind=kind, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=start)
    )
    if exclude_case is not None:
        episodes = episodes.exclude(case_id=exclude_case)
    spans = list(episodes.values_list("started_on", "ended_on"))
    days = {start} | {s for s, _e in spans if start < s <= end}
    worst = 0
    for day in days:
        worst = max(worst, sum(1 for s, e in spans if s <= day and (e is None or e > day)))
    return capacity - worst


@dataclass(frozen=True)
class BedState:
    kind: str
    label: str
    beds: int
    occupied: int

    @property
    def free(self) -> int:
        return self.beds - self.occupied


def bed_states(facility: Facility, on: dt.date) -> list[BedState]:
    beds = beds_of(facility)
    occupied = occupancy_on(facility, on)
    labels = dict(BedKind.choices)
    return [
        BedState(kind=kind, label=str(labels[kind]), beds=beds.get(kind, 0), occupied=occupied.get(kind, 0))
        for kind in BedKind.values
        if kind in beds or kind in occupied
    ]


def occupancy_by_day(
    facility: Facility, *, start: dt.date, end: dt.date
) -> list[tuple[dt.date, dict[str, int]]]:
    """Occupied beds by kind for each day from ``start`` to ``end``, from the episodes."""
    spans = list(
        CareEpisode.objects.filter(facility=facility, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .values_list("bed_kind", "started_on", "ended_on")
    )
    days: list[tuple[dt.date, dict[str, int]]] = []
    day = start
    while day <= end:
        counts: dict[str, int] = defaultdict(int)
        for kind, s, e in spans:
            if s <= day and (e is None or e > day):
                counts[kind] += 1
        days.append((day, dict(counts)))
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True)
class FacilityChoice:
    facility: Facility
    free: int
    distance: int  # steps up the unit tree from the case's unit to the facility's nearest common unit


def _distance(case_path: str, facility_path: str) -> int:
    case_parts = [p for p in case_path.split(".") if p]
    facility_parts = [p for p in facility_path.split(".") if p]
    shared = 0
    for a, b in zip(case_parts, facility_parts, strict=False):
        if a != b:
            break
        shared += 1
    return (len(case_parts) - shared) + (len(facility_parts) - shared)


def facilities_for_transfer(
    *, case: Case, setting: str, bed_kind: str, on: dt.date, today: dt.date
) -> list[FacilityChoice]:
    """Active facilities of tier ``setting`` in the case's province with a free ``bed_kind`` bed
    from ``on`` to today, nearest in the unit tree first (then most free beds, then name); not
    the bed of that kind the case already holds (no transfer goes there)."""
    if setting == CareSetting.HOME or not bed_kind:
        return []
    province_path = ".".join(case.area_path.split(".")[:1]) + "."
    candidates = list(
        Facility.objects.unscoped()
        .filter(tier=setting, is_active=True, area_path__startswith=province_path, beds__kind=bed_kind)
        .select_related("unit")
        .distinct()
    )
    choices = []
    for facility in candidates:
        if facility.pk == case.facility_id and setting == case.care_setting and bed_kind == case.bed_kind:
            continue
        free = free_beds(facility, bed_kind, start=on, end=max(on, today), exclude_case=case.pk)
        if free > 0:
            choices.append(FacilityChoice(facility, free, _distance(case.area_path, facility.area_path)))
    choices.sort(key=lambda c: (c.distance, -c.free, c.facility.name))
    return choices


def case_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    status: str = "",
    severity: str = "",
    care_setting: str = "",
    how_found: str = "",
    source_known: bool | None = None,
) -> ScopedQuerySet[Case]:
    """The case list of the API: ``cases_for_user`` with its filters, newest first."""
    return case_filter(
        cases_for_user(user),
        unit=unit,
        status=status,
        severity=severity,
        care_setting=care_setting,
        how_found=how_found,
        source_known=source_known,
    ).order_by("-confirmed_on", "-pk")


def case_due_search(
    *, user: Any, which: str, today: dt.date, unit: AdminUnit | None = None
) -> QuerySet[Case]:
    return cases_due(user, today=today, unit=unit)[which]


def facility_search(*, user: Any, tier: str = "", unit: AdminUnit | None = None) -> ScopedQuerySet[Facility]:
    facilities = facilities_for_user(user)
    if unit is not None:
        facilities = facilities.within(unit.path)
    if tier:
        facilities = facilities.filter(tier=tier)
    return facilities.order_by("tier", "name", "pk")


def records_keeping(case: Case) -> list[tuple[str, int]]:
    """The records of other apps that hold on to ``case`` (a protecting foreign key: home care's
    entries, links, missed half-days…), as (their name, how many), found from the model's
    relations so that ``cases`` needs to import none of those apps."""
    found: list[tuple[str, int]] = []
    for relation in Case._meta.related_objects:
        on_delete = getattr(relation, "on_delete", None)
        if on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        related = relation.related_model
        if not isinstance(related, type):  # "self": a case does not protect itself
            continue
        count = related._base_manager.filter(**{relation.field.name: case.pk}).count()
        if count:
            found.append((str(related._meta.verbose_name), count))
    return found
