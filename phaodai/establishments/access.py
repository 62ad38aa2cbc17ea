"""Single-record fetches for a user: 404 both when missing and when out of jurisdiction."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.establishments.models import Establishment, Inspection, Member


def _require_view(user: Any) -> None:
    if not has_capability(user, Capability.VIEW_ESTABLISHMENTS):
        raise Http404


def establishment_get_for_user(*, user: Any, establishment_id: int | str) -> Establishment:
    _require_view(user)
    return get_or_404(
        Establishment.objects.for_user(user).select_related("unit", "unit__parent"), pk=establishment_id
    )


def member_get_for_user(*, user: Any, member_id: int | str) -> Member:
    _require_view(user)
    return get_or_404(Member.objects.for_user(user).select_related("establishment", "person"), pk=member_id)


def inspection_get_for_user(*, user: Any, inspection_id: int | str) -> Inspection:
    _require_view(user)
    return get_or_404(Inspection.objects.for_user(user).select_related("establishment"), pk=inspection_id)
