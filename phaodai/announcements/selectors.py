"""Reads of announcements and of the public page's facts.

The staff's reads start from the user's jurisdiction (``for_user``); the public page's reads
(``public_*``) show only what was published for everyone: published announcements meant for the
public page, the measures, the places and the hotline a commune keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from phaodai.announcements.enums import AnnouncementStatus
from phaodai.announcements.models import Announcement, ServicePlace, UnitSituation
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.core.access import has_capability
from phaodai.core.queries import prefix_q
from phaodai.core.roles import Capability
from phaodai.core.text import fold

PUBLIC_ANNOUNCEMENTS = 10


def _may_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ANNOUNCEMENTS)


def announcement_search(
    *, user: Any, unit: AdminUnit | None = None, query: str = "", status: str = ""
) -> QuerySet[Announcement]:
    """Announcements the user may see (issued in their jurisdiction), newest first."""
    if not _may_view(user):
        return Announcement.objects.none()
    queryset = Announcement.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    folded = fold(query.strip())
    if folded:
        queryset = queryset.filter(search_key__contains=folded)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("unit", "written_by").order_by("-created_at", "-pk")


def announcement_targets(*, announcement: Announcement) -> list[AdminUnit]:
    return list(announcement.targets.select_related("parent").order_by("path"))


def target_units(*, user: Any, within: AdminUnit | None) -> QuerySet[AdminUnit]:
    """The units an announcement of ``within`` may be published to (it and its subtree)."""
    from phaodai.areas.selectors import units_for_user

    if within is None:
        return units_for_user(user=user).none()
    return units_for_user(user=user).within(within.path).select_related("parent").order_by("path")


def issuing_units(*, user: Any, within: AdminUnit | None) -> QuerySet[AdminUnit]:
    """Who may issue: the districts and communes of ``within`` in the jurisdiction."""
    return target_units(user=user, within=within).filter(level__in=(UnitLevel.DISTRICT, UnitLevel.COMMUNE))


def service_places(*, user: Any, unit: AdminUnit | None) -> QuerySet[ServicePlace]:
    if not _may_view(user):
        return ServicePlace.objects.none()
    queryset = ServicePlace.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    return queryset.select_related("unit").order_by("area_path", "name")


def situation_of(*, user: Any, unit: AdminUnit) -> UnitSituation | None:
    return UnitSituation.objects.for_user(user).filter(unit=unit).first()


@dataclass(frozen=True)
class AnnouncementFigures:
    unit: AdminUnit | None
    waiting: int
    published_week: int


def home_figures(*, user: Any, unit: AdminUnit | None) -> AnnouncementFigures:
    """Announcements waiting for approval; published in the last seven days (one query)."""
    from django.utils import timezone

    week_ago = timezone.now() - dt.timedelta(days=7)
    found = (
        announcement_search(user=user, unit=unit)
        .order_by()
        .aggregate(
            waiting=Count("pk", filter=Q(status=AnnouncementStatus.SUBMITTED)),
            published_week=Count(
                "pk", filter=Q(status=AnnouncementStatus.PUBLISHED, published_at__gte=week_ago)
            ),
        )
    )
    return AnnouncementFigures(unit=unit, waiting=found["waiting"], published_week=found["published_week"])


# --- the public page ---------------------------------------------------------------------------


def public_unit(*, unit_id: int) -> AdminUnit:
    """A unit by id for the public page (every unit has one); 404 for none."""
    unit = AdminUnit.objects.unscoped().select_related("parent").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _ancestor_paths(unit: AdminUnit) -> list[str]:
    """The paths of the unit and its ancestors, root first."""
    return [*unit.ancestor_paths(), unit.path]


def public_announcements(*, unit: AdminUnit, limit: int = PUBLIC_ANNOUNCEMENTS) -> list[Announcement]:
    """The latest announcements published to the public page of ``unit``: meant for it, for a unit
    above it (the whole district) or for one of its villages."""
    meant = Q(targets__path__in=_ancestor_paths(unit)) | prefix_q("targets__path", unit.path)
    return list(
        Announcement.objects.unscoped()
        .filter(meant, status=AnnouncementStatus.PUBLISHED, for_public_page=True)
        .select_related("unit")
        .distinct()
        .order_by("-published_at", "-pk")[:limit]
    )


def public_announcement(*, announcement_id: int) -> Announcement:
    """One published announcement, for its public audio; 404 for any other."""
    found = (
        Announcement.objects.unscoped()
        .filter(pk=announcement_id, status=AnnouncementStatus.PUBLISHED, for_public_page=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _keeper(unit: AdminUnit) -> AdminUnit:
    """Whose facts a unit's page shows: a village shows its commune's."""
    if unit.level == UnitLevel.VILLAGE and unit.parent is not None:
        return unit.parent
    return unit


def public_situation(*, unit: AdminUnit) -> UnitSituation | None:
    """The measures and hotline of the unit's commune, else of the nearest unit above that has them."""
    paths = _ancestor_paths(_keeper(unit))
    rows = {s.area_path: s for s in UnitSituation.objects.unscoped().filter(area_path__in=paths)}
    for path in reversed(paths):
        if path in rows:
            return rows[path]
    return None


def public_places(*, unit: AdminUnit) -> list[ServicePlace]:
    """The active testing and vaccination places of the unit's commune."""
    keeper = _keeper(unit)
    return list(
        ServicePlace.objects.unscoped().within(keeper.path).filter(active=True).order_by("kind", "name")
    )
