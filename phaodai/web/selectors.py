"""Reads for the shell pages: the figures of the home page, as COUNT queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from phaodai.accounts.roles import Capability
from phaodai.areas.models import AdminUnit
from phaodai.core.queries import prefix_q
from phaodai.people.enums import ResidenceStatus
from phaodai.people.selectors import duplicate_candidates, household_search, person_search


@dataclass(frozen=True)
class HomeFigures:
    people: int
    high_risk: int
    away: int  # residents working or studying elsewhere
    households: int
    duplicates: int | None  # None when the user may not merge (the figure is not shown)


def home_figures(*, user: Any, unit: AdminUnit | None) -> HomeFigures:
    """Counts for the unit's subtree, limited to the user's jurisdiction (three queries)."""
    people = (
        person_search(user=user, unit=unit)
        .order_by()
        .aggregate(
            total=Count("pk"),
            high_risk=Count("pk", filter=Q(is_high_risk=True)),
            away=Count("pk", filter=Q(residence_status=ResidenceStatus.AWAY)),
        )
    )
    households = household_search(user=user, unit=unit).order_by().count()
    duplicates = None
    if user.can(Capability.MERGE_PEOPLE):
        candidates = duplicate_candidates(user=user, status="open")
        if unit is not None:
            # A pair counts where either record lives (its own area is their common ancestor).
            candidates = candidates.filter(
                prefix_q("first__area_path", unit.path) | prefix_q("second__area_path", unit.path)
            )
        duplicates = candidates.order_by().count()
    return HomeFigures(
        people=people["total"],
        high_risk=people["high_risk"],
        away=people["away"],
        households=households,
        duplicates=duplicates,
    )
