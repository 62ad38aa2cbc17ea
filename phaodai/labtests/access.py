"""Single-record fetches for a user: 404 both when missing and when out of jurisdiction."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.areas.places import PLACE_PARENTS
from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.labtests.models import CaseProposal, Pool, Sample, TestResult, TestSession


def _require_view(user: Any) -> None:
    if not has_capability(user, Capability.VIEW_TESTS):
        raise Http404


def session_get_for_user(*, user: Any, session_id: int | str) -> TestSession:
    _require_view(user)
    return get_or_404(
        TestSession.objects.for_user(user).select_related(f"unit__{PLACE_PARENTS}"), pk=session_id
    )


def sample_get_for_user(*, user: Any, sample_id: int | str) -> Sample:
    _require_view(user)
    queryset = Sample.objects.for_user(user).select_related("person", "unit", "session", "pool")
    return get_or_404(queryset, pk=sample_id)


def result_get_for_user(*, user: Any, result_id: int | str) -> TestResult:
    _require_view(user)
    queryset = TestResult.objects.for_user(user).select_related(
        "person", f"unit__{PLACE_PARENTS}", "sample", "sample__session", "pool"
    )
    return get_or_404(queryset, pk=result_id)


def pool_get_for_user(*, user: Any, pool_id: int | str) -> Pool:
    _require_view(user)
    return get_or_404(Pool.objects.for_user(user).select_related("unit", "session"), pk=pool_id)


def proposal_get_for_user(*, user: Any, proposal_id: int | str) -> CaseProposal:
    _require_view(user)
    queryset = CaseProposal.objects.for_user(user).select_related(
        "person", f"unit__{PLACE_PARENTS}", "rule_set"
    )
    return get_or_404(queryset, pk=proposal_id)


__all__ = [
    "Http404",
    "pool_get_for_user",
    "proposal_get_for_user",
    "result_get_for_user",
    "sample_get_for_user",
    "session_get_for_user",
]
