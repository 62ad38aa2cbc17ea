"""Reads of the violations register, always inside the user's jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from phaodai.areas.models import AdminUnit
from phaodai.areas.places import PLACE_PARENTS
from phaodai.core.access import has_capability
from phaodai.core.roles import Capability
from phaodai.core.text import fold
from phaodai.violations.enums import Decision, PaymentStatus
from phaodai.violations.models import Evidence, Violation


def _may_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_VIOLATIONS)


def violation_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    query: str = "",
    decision: str = "",
    payment_status: str = "",
    offender_kind: str = "",
    establishment: Any = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Violation]:
    """Violations the user may see, newest first; ``query`` matches offender, rule, place or
    decision number without diacritics; the others filter exactly (dates: the day it happened)."""
    if not _may_view(user):
        return Violation.objects.none()
    queryset = Violation.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    folded = fold(query.strip())
    if folded:
        queryset = queryset.filter(search_key__contains=folded)
    if decision:
        queryset = queryset.filter(decision=decision)
    if payment_status:
        queryset = queryset.filter(payment_status=payment_status)
    if offender_kind:
        queryset = queryset.filter(offender_kind=offender_kind)
    if establishment is not None:
        queryset = queryset.filter(establishment=establishment)
    zone = timezone.get_current_timezone()
    if since is not None:
        queryset = queryset.filter(occurred_at__gte=dt.datetime.combine(since, dt.time.min, zone))
    if until is not None:
        queryset = queryset.filter(
            occurred_at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, zone)
        )
    return queryset.select_related(f"unit__{PLACE_PARENTS}").order_by("-occurred_at", "-pk")


def violation_evidence(*, user: Any, violation: Violation) -> QuerySet[Evidence]:
    if not _may_view(user):
        return Evidence.objects.none()
    return Evidence.objects.for_user(user).filter(violation=violation).order_by("pk")


def person_violations(*, user: Any, person: Any) -> QuerySet[Violation]:
    """A resident's violations (newest first), for their record."""
    return violation_search(user=user).filter(person=person)


@dataclass(frozen=True)
class ViolationFigures:
    unit: AdminUnit | None
    this_month: int
    pending: int
    unpaid: int
    unpaid_amount: int


def home_figures(*, user: Any, unit: AdminUnit | None) -> ViolationFigures:
    """The home card: this month's violations, those not yet handled, fines not yet paid (one query)."""
    today = timezone.localdate()
    start = dt.datetime.combine(today.replace(day=1), dt.time.min, timezone.get_current_timezone())
    figures = (
        violation_search(user=user, unit=unit)
        .order_by()
        .aggregate(
            this_month=Count("pk", filter=Q(occurred_at__gte=start)),
            pending=Count("pk", filter=Q(decision=Decision.PENDING)),
            unpaid=Count("pk", filter=Q(payment_status=PaymentStatus.UNPAID)),
            unpaid_amount=Sum("fine_amount", filter=Q(payment_status=PaymentStatus.UNPAID)),
        )
    )
    return ViolationFigures(
        unit=unit,
        this_month=figures["this_month"],
        pending=figures["pending"],
        unpaid=figures["unpaid"],
        unpaid_amount=figures["unpaid_amount"] or 0,
    )


def violation_units(*, user: Any, within: AdminUnit | None) -> QuerySet[AdminUnit]:
    """Where a violation may be filed: the communes and villages of ``within`` in the jurisdiction."""
    from phaodai.areas.enums import UnitLevel
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


def establishment_choices(*, user: Any, within: AdminUnit | None) -> QuerySet[Any]:
    """The establishments a violation may name: those of ``within`` the user may see."""
    from phaodai.establishments.selectors import establishment_search

    return establishment_search(user=user, unit=within)


def establishment_for_filter(*, user: Any, establishment_id: str) -> Any:
    """The establishment a list is filtered by (``?establishment=``), if the user may see it."""
    from phaodai.establishments.selectors import establishment_search

    if not establishment_id.isdigit() or len(establishment_id) > 18:
        return None
    return establishment_search(user=user).filter(pk=int(establishment_id)).first()


def person_choices(*, user: Any) -> QuerySet[Any]:
    """The residents a violation may name (records in use, in the jurisdiction)."""
    from phaodai.people.selectors import person_search

    return person_search(user=user)
