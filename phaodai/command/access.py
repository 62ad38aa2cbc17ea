"""Single-record fetches for a user: 404 both when missing and when out of jurisdiction."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.command.models import CommandCentre, Document, Member, Shift, SteeringCommittee
from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability


def _require_view(user: Any) -> None:
    # 404, not 403: a user who may not see the command structure learns nothing about it.
    if not has_capability(user, Capability.VIEW_COMMAND):
        raise Http404


def centre_get_for_user(*, user: Any, centre_id: int | str) -> CommandCentre:
    _require_view(user)
    return get_or_404(CommandCentre.objects.for_user(user).select_related("unit__parent"), pk=centre_id)


def committee_get_for_user(*, user: Any, committee_id: int | str) -> SteeringCommittee:
    _require_view(user)
    return get_or_404(
        SteeringCommittee.objects.for_user(user).select_related("unit__parent"), pk=committee_id
    )


def member_get_for_user(*, user: Any, member_id: int | str) -> Member:
    _require_view(user)
    queryset = Member.objects.for_user(user).select_related(
        "unit", "centre", "committee", "area_unit", "user"
    )
    return get_or_404(queryset, pk=member_id)


def shift_get_for_user(*, user: Any, shift_id: int | str) -> Shift:
    _require_view(user)
    return get_or_404(Shift.objects.for_user(user).select_related("centre__unit", "member"), pk=shift_id)


def document_get_for_user(*, user: Any, document_id: int | str) -> Document:
    _require_view(user)
    return get_or_404(Document.objects.for_user(user).select_related("centre", "committee"), pk=document_id)
