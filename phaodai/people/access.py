"""Single-record fetches for a user: 404 both when missing and when out of jurisdiction.

Merged-away persons are returned too (their page shows where they were merged), so
links from old records keep working; lists leave them out (see selectors).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.areas.places import PLACE_PARENTS
from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person


def _require_view(user: Any) -> None:
    # 404, not 403: a user who may not see residents learns nothing about which exist.
    if not has_capability(user, Capability.VIEW_PEOPLE):
        raise Http404


def person_get_for_user(*, user: Any, person_id: int | str) -> Person:
    _require_view(user)
    queryset = Person.objects.for_user(user).select_related(
        f"residence_unit__{PLACE_PARENTS}", "household", "merged_into"
    )
    return get_or_404(queryset, pk=person_id)


def household_get_for_user(*, user: Any, household_id: int | str) -> Household:
    _require_view(user)
    queryset = Household.objects.for_user(user).select_related("unit", "head", "liaison_group")
    return get_or_404(queryset, pk=household_id)


def liaison_group_get_for_user(*, user: Any, group_id: int | str) -> LiaisonGroup:
    _require_view(user)
    queryset = LiaisonGroup.objects.for_user(user).select_related(f"unit__{PLACE_PARENTS}", "leader")
    return get_or_404(queryset, pk=group_id)


def duplicate_candidate_get_for_user(*, user: Any, candidate_id: int) -> DuplicateCandidate:
    """A candidate pair is visible where both records are (its area is their common ancestor)."""
    _require_view(user)
    queryset = DuplicateCandidate.objects.for_user(user).select_related(
        "first", "second", "first__residence_unit", "second__residence_unit"
    )
    return get_or_404(queryset, pk=candidate_id)
