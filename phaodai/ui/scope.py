"""The unit switcher: which part of the jurisdiction a page shows.

A page that lists area data reads ``?unit=<id>`` from the query string (so a
link can be shared) and narrows its lists to that unit's subtree. A unit outside
the user's jurisdiction, or an id that is not a number, answers 404 exactly like
a unit that does not exist (``areas.selectors.unit_get_for_user``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.http import HttpRequest

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import unit_breadcrumb, unit_children, unit_get_for_user, units_for_user
from phaodai.ui.types import AuthedRequest

# Query parameters that make no sense once the unit changes.
_DROP_ON_SWITCH = frozenset({"unit", "page"})


@dataclass
class Scope:
    """The unit a page is narrowed to, and what the switcher shows."""

    user: User
    unit: AdminUnit | None  # None: a user who sees everything and picked nothing
    explicit: bool  # chosen with ?unit= (not just the user's home unit)
    params: dict[str, str] = field(default_factory=dict)  # the other query parameters

    @property
    def path(self) -> str:
        """The path prefix of the chosen unit ("" for everything)."""
        return self.unit.path if self.unit is not None else ""

    @property
    def unit_param(self) -> str:
        """``unit=<id>`` to append to links that should keep the choice, or ""."""
        return f"unit={self.unit.pk}" if self.explicit and self.unit is not None else ""

    @property
    def keep_query(self) -> str:
        """The current filters without unit and page, for links that switch the unit."""
        return urlencode(self.params)

    @cached_property
    def breadcrumb(self) -> list[tuple[AdminUnit, bool]]:
        if self.unit is None:
            return []
        return unit_breadcrumb(user=self.user, unit=self.unit)

    @cached_property
    def children(self) -> list[AdminUnit]:
        if self.unit is None:
            return list(units_for_user(user=self.user).filter(parent__isnull=True).order_by("name_key"))
        return list(unit_children(user=self.user, unit=self.unit))


def scope_from_request(request: AuthedRequest) -> Scope:
    """The scope of this request (computed once); Http404 for a unit out of reach."""
    cached: Scope | None = getattr(request, "_phaodai_scope", None)
    if cached is not None:
        return cached
    user = request.user
    raw = request.GET.get("unit", "").strip()
    # Django types these values str | list (a key whose list was emptied reads as []): strings only.
    params = {
        key: value
        for key, value in request.GET.items()
        if key not in _DROP_ON_SWITCH and value and isinstance(value, str)
    }
    if raw:
        scope = Scope(user=user, unit=unit_get_for_user(user=user, unit_id=raw), explicit=True, params=params)
    else:
        home: AdminUnit | None = getattr(user, "home_unit", None)
        scope = Scope(user=user, unit=home, explicit=False, params=params)
    request._phaodai_scope = scope  # type: ignore[attr-defined]
    return scope


def current_scope(request: HttpRequest) -> Scope | None:
    """The scope if a view has already computed it (the shell never raises 404 itself)."""
    return getattr(request, "_phaodai_scope", None)


def filing_base(request: AuthedRequest, fallback: AdminUnit | None = None) -> AdminUnit | None:
    """The unit under which a record of this page may be filed (its commune or village is chosen
    among the units under it): the unit chosen in the switcher if it is a district or finer, else
    ``fallback`` (an edited record's own unit), else the user's home unit if district or finer,
    else None (too wide: the page asks to choose a unit first)."""
    scope = scope_from_request(request)
    if scope.explicit and scope.unit is not None and scope.unit.level >= UnitLevel.DISTRICT:
        return scope.unit
    if fallback is not None:
        return fallback
    if scope.unit is not None and scope.unit.level >= UnitLevel.DISTRICT:
        return scope.unit
    return None
