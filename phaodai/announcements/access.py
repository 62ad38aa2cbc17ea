"""Single-record fetches for a user: 404 both when missing and when out of jurisdiction."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.announcements.models import Announcement, ServicePlace
from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability


def announcement_get_for_user(*, user: Any, announcement_id: int | str) -> Announcement:
    if not has_capability(user, Capability.VIEW_ANNOUNCEMENTS):
        raise Http404
    queryset = Announcement.objects.for_user(user).select_related("unit", "written_by", "approved_by")
    return get_or_404(queryset, pk=announcement_id)


def service_place_get_for_user(*, user: Any, service_place_id: int | str) -> ServicePlace:
    if not has_capability(user, Capability.VIEW_ANNOUNCEMENTS):
        raise Http404
    return get_or_404(ServicePlace.objects.for_user(user).select_related("unit"), pk=service_place_id)
