"""Reads of the area tree. Every function that lists units takes the requesting user."""

from __future__ import annotations

from typing import Any

from phaodai.areas.models import AdminUnit
from phaodai.core.access import ScopedQuerySet, get_for_user_or_404, jurisdiction_path


def unit_get_for_user(*, user: Any, unit_id: int) -> AdminUnit:
    """One unit inside the user's jurisdiction; 404 otherwise."""
    return get_for_user_or_404(AdminUnit.objects.select_related("era", "parent"), user, pk=unit_id)


def units_for_user(*, user: Any) -> ScopedQuerySet[AdminUnit]:
    return AdminUnit.objects.for_user(user).select_related("era")


def unit_children(*, user: Any, unit: AdminUnit) -> ScopedQuerySet[AdminUnit]:
    return AdminUnit.objects.for_user(user).filter(parent=unit).order_by("name_key")


def unit_ancestors(*, unit: AdminUnit) -> list[AdminUnit]:
    """The unit's ancestors, root first, in one query (their names are shown to anyone inside)."""
    paths = unit.ancestor_paths()
    if not paths:
        return []
    by_path = {u.path: u for u in AdminUnit.objects.filter(path__in=paths)}
    return [by_path[p] for p in paths if p in by_path]


def unit_breadcrumb(*, user: Any, unit: AdminUnit) -> list[tuple[AdminUnit, bool]]:
    """Ancestors then the unit, each with whether the user may open it (inside their jurisdiction)."""
    prefix = jurisdiction_path(user)
    chain = [*unit_ancestors(unit=unit), unit]
    return [(u, prefix is not None and u.path.startswith(prefix)) for u in chain]
