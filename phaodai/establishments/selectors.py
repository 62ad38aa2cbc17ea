"""Reads of the establishments registry, always inside the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
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
    """Where a resident works or studies (for their record, and for cases among workers later)."""
    if not _may_view(user):
        return Member.objects.none()
    return Member.objects.for_user(user).filter(person=person).select_related("establishment")


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
