"""Single-record fetches for a user: 404 both when missing and when out of jurisdiction."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.areas.places import PLACE_PARENTS
from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.violations.models import Evidence, Violation


def _require_view(user: Any) -> None:
    if not has_capability(user, Capability.VIEW_VIOLATIONS):
        raise Http404


def violation_get_for_user(*, user: Any, violation_id: int | str) -> Violation:
    _require_view(user)
    queryset = Violation.objects.for_user(user).select_related(
        f"unit__{PLACE_PARENTS}", "person", "recorded_by"
    )
    return get_or_404(queryset, pk=violation_id)


def evidence_get_for_user(*, user: Any, evidence_id: int | str) -> Evidence:
    _require_view(user)
    return get_or_404(Evidence.objects.for_user(user).select_related("violation"), pk=evidence_id)
