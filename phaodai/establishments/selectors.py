"""Reads of the establishments registry, always inside the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.cases.enums import CaseStatus
from phaodai.cases.models import Case
from phaodai.cases.selectors import cases_for_user
from phaodai.core.access import has_capability
from phaodai.core.roles import Capability
from phaodai.core.text import fold
from phaodai.establishments.enums import EstablishmentKind, Readiness
from phaodai.establishments.models import Establishment, Inspection, InspectionAnswer, Member


def _may_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ESTABLISHMENTS)


def establishment_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    query: str = "",
    kind: str = "",
    may_operate: bool | None = None,
    readiness: str = "",
) -> QuerySet[Establishment]:
    """Establishments the user may see; ``query`` matches name, park, address or owner without
    diacritics; by place, then name."""
    if not _may_view(user):
        return Establishment.objects.none()
    queryset = Establishment.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    folded = fold(query.strip())
    if folded:
        queryset = queryset.filter(search_key__contains=folded)
    if kind:
        queryset = queryset.filter(kind=kind)
    if may_operate is not None:
        queryset = queryset.filter(may_operate=may_operate)
    if readiness:
        queryset = queryset.filter(kind=EstablishmentKind.SCHOOL, readiness=readiness)
    return queryset.select_related("unit", "unit__parent").order_by("area_path", "name", "pk")


def establishment_members(*, user: Any, establishment: Establishment) -> QuerySet[Member]:
    if not _may_view(user):
        return Member.objects.none()
    return (
        Member.objects.for_user(user)
        .filter(establishment=establishment)
        .select_related("person")
        .order_by("-active", "role", "group", "full_name", "pk")
    )


def establishment_inspections(*, user: Any, establishment: Establishment) -> QuerySet[Inspection]:
    if not _may_view(user):
        return Inspection.objects.none()
    return (
        Inspection.objects.for_user(user).filter(establishment=establishment).order_by("-inspected_on", "-pk")
    )


def inspection_answers(*, inspection: Inspection) -> list[InspectionAnswer]:
    """The answers of an inspection already fetched for the user, in the checklist's order."""
    return list(InspectionAnswer.objects.filter(inspection=inspection).select_related("item"))


def person_workplaces(*, user: Any, person: Any) -> QuerySet[Member]:
    """Where a resident works or studies (their record's page), present places first."""
    if not _may_view(user):
        return Member.objects.none()
    return (
        Member.objects.for_user(user)
        .filter(person=person)
        .select_related("establishment", "establishment__unit")
        .order_by("-active", "establishment__name", "pk")
    )


# A case is "recent" at a workplace or school for this many days after its confirmation or its
# outcome (recovered, died, moved away): the 14 days of the close contacts' watch.
RECENT_CASE_DAYS = 14


def _cases_now(user: Any, today: dt.date) -> QuerySet[Case]:
    """The F0 cases the user may see that count at a workplace now: active, or confirmed or ended
    in the last ``RECENT_CASE_DAYS`` days (none without ``view_cases``)."""
    since = today - dt.timedelta(days=RECENT_CASE_DAYS)
    return cases_for_user(user).filter(
        Q(status=CaseStatus.ACTIVE) | Q(confirmed_on__gte=since) | Q(outcome_on__gte=since)
    )


@dataclass(frozen=True)
class MemberCase:
    """A case among an establishment's people: the member (role, group) and the case."""

    member: Member
    case: Case


def establishment_cases(
    *, user: Any, establishment: Establishment, today: dt.date | None = None
) -> list[MemberCase]:
    """The active and recent F0 cases among the establishment's present workers, pupils, teachers
    and staff linked to the people registry; only the cases the user may see (their managing
    commune in the user's jurisdiction, and ``view_cases``); newest confirmation first."""
    if not _may_view(user):
        return []
    today = today or timezone.localdate()
    members = {
        member.person_id: member
        for member in Member.objects.for_user(user).filter(
            establishment=establishment, active=True, person__isnull=False
        )
    }
    if not members:
        return []
    cases = _cases_now(user, today).filter(person_id__in=list(members)).order_by("-confirmed_on", "-pk")
    return [MemberCase(member=members[case.person_id], case=case) for case in cases]


def establishment_case_counts(
    *, user: Any, establishments: Iterable[Establishment], today: dt.date | None = None
) -> dict[int, int]:
    """For a page of establishments: how many of each one's present people are active or recent
    F0 cases the user may see (one query; establishments without any are left out)."""
    ids = [establishment.pk for establishment in establishments]
    if not ids or not _may_view(user):
        return {}
    today = today or timezone.localdate()
    case_people = _cases_now(user, today).order_by().values("person_id")
    rows = (
        Member.objects.for_user(user)
        .filter(establishment_id__in=ids, active=True, person_id__in=case_people)
        .order_by()
        .values("establishment_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return {row["establishment_id"]: row["n"] for row in rows}


def establishment_units(*, user: Any, within: AdminUnit | None) -> QuerySet[AdminUnit]:
    """Where an establishment may be filed: the communes and villages of ``within``."""
    from phaodai.areas.selectors import units_for_user

    if within is None:
        return units_for_user(user=user).none()
    return (
        units_for_user(user=user)
        .within(within.path)
        .filter(level__gte=UnitLevel.COMMUNE)
        .select_related("parent")
        .order_by("path")
    )


def person_choices(*, user: Any) -> QuerySet[Any]:
    from phaodai.people.selectors import person_search

    return person_search(user=user)


@dataclass(frozen=True)
class EstablishmentFigures:
    unit: AdminUnit | None
    total: int
    closed: int
    schools: int
    schools_not_ready: int
    follow_ups_overdue: int


def home_figures(*, user: Any, unit: AdminUnit | None) -> EstablishmentFigures:
    """The home card (two queries): establishments, those closed, schools not ready, overdue follow-ups."""
    found = (
        establishment_search(user=user, unit=unit)
        .order_by()
        .aggregate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(may_operate=False)),
            schools=Count("pk", filter=Q(kind=EstablishmentKind.SCHOOL)),
            schools_not_ready=Count(
                "pk", filter=Q(kind=EstablishmentKind.SCHOOL) & ~Q(readiness=Readiness.READY)
            ),
        )
    )
    overdue = 0
    if _may_view(user):
        inspections = Inspection.objects.for_user(user)
        if unit is not None:
            inspections = inspections.within(unit.path)
        overdue = inspections.filter(
            follow_up_due__lt=timezone.localdate(), follow_up_done_on__isnull=True
        ).count()
    return EstablishmentFigures(unit=unit, follow_ups_overdue=overdue, **found)


def overdue_follow_ups(*, user: Any, unit: AdminUnit | None) -> QuerySet[Inspection]:
    if not _may_view(user):
        return Inspection.objects.none()
    inspections = Inspection.objects.for_user(user)
    if unit is not None:
        inspections = inspections.within(unit.path)
    return (
        inspections.filter(follow_up_due__lt=timezone.localdate(), follow_up_done_on__isnull=True)
        .select_related("establishment")
        .order_by("follow_up_due")
    )
