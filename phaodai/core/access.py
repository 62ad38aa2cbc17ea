"""Jurisdiction: what a user may see and change, decided in one place.

The access model
================

Every user has a *home unit* (a province, district, commune or village of one
map era) and a *role*. A user sees and changes only records whose area lies in
the subtree of the home unit. System administrators see everything.

Records carry the materialised path of their area (``area_path`` on people,
households, audit events; ``path`` on the units themselves). A path is a
string like ``"0000012.0000345.0004567."``: a unit's subtree is every path that
starts with its own. So "is this in my jurisdiction" is one indexed prefix
comparison, never a walk up the tree.

Default deny, two layers:

* **Queries.** Every model whose rows belong to an area uses ``ScopedQuerySet``
  and declares ``scope_field``. Selectors start from ``Model.objects.for_user(user)``;
  it returns nothing for an anonymous user or a user without a home unit. The
  single-object fetch ``get_for_user_or_404`` answers 404 both for a missing row and
  for a row outside the jurisdiction, so existence never leaks.
* **Views.** Every view declares its policy with one of the decorators below
  (``area_scoped``, ``login_only``, ``public``). ``AccessPolicyMiddleware``
  refuses any view that declares none, and a test walks the URL resolver and
  fails on any undeclared view. API views declare ``access_policy`` on the
  class. A new page or endpoint is therefore scoped unless someone deliberately
  writes ``@public``.

What a role may *do* inside its jurisdiction (create, edit, merge, export)
is decided by capabilities in ``phaodai.accounts.roles``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import connections, models
from django.db.models.functions import Substr
from django.http import Http404

from phaodai.core.queries import prefix_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class ScopedUser(Protocol):
    """What the access layer needs to know about a user (accounts.User provides it)."""

    is_authenticated: bool

    @property
    def sees_everything(self) -> bool: ...

    @property
    def jurisdiction_path(self) -> str | None: ...


AnyUser = Any  # accounts.User or AnonymousUser; kept loose to avoid importing accounts here.

_M = TypeVar("_M", bound=models.Model)


def jurisdiction_path(user: AnyUser) -> str | None:
    """The path prefix of the user's jurisdiction; "" means everything; None means nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.sees_everything:
        return ""
    return user.jurisdiction_path


def path_in_jurisdiction(user: AnyUser, path: str) -> bool:
    prefix = jurisdiction_path(user)
    if prefix is None:
        return False
    return path.startswith(prefix)


# Jurisdictions whose path has at most this many segments (a province, a district) are "wide".
_WIDE_SEGMENTS = 2


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows which field holds its rows' area path."""

    def for_user(self, user: AnyUser | AnonymousUser, *, narrow_by_index: bool = True) -> ScopedQuerySet[_M]:
        """Rows inside the user's jurisdiction.

        ``narrow_by_index=False`` is a planner hint for queries that another index serves
        better (a name search): see ``_in_subtree``.
        """
        prefix = jurisdiction_path(user)
        if prefix is None:
            return self.none()
        if prefix == "":
            return self
        return self._in_subtree(prefix, narrow_by_index=narrow_by_index)

    def within(self, path: str, *, narrow_by_index: bool = True) -> ScopedQuerySet[_M]:
        """Narrow to one subtree (a unit the user picked in the switcher)."""
        return self._in_subtree(path, narrow_by_index=narrow_by_index)

    def _in_subtree(self, prefix: str, *, narrow_by_index: bool) -> ScopedQuerySet[_M]:
        field = self.model.scope_field  # type: ignore[attr-defined]
        wide = prefix.count(".") <= _WIDE_SEGMENTS
        if narrow_by_index or not wide or connections[self.db].vendor != "sqlite":
            return self.filter(prefix_q(field, prefix))
        # SQLite has no statistics on how much of the table a path range covers, so for a
        # province it walks the whole area index instead of a selective name index. A
        # function of the column is never an index range: the same test, without that plan.
        return self.alias(_subtree=Substr(field, 1, len(prefix))).filter(_subtree=prefix)


def get_for_user_or_404(queryset: ScopedQuerySet[_M], user: AnyUser, **lookup: Any) -> _M:
    """Fetch one row the user may see; 404 whether it is missing or out of reach."""
    try:
        return queryset.for_user(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


class Policy(StrEnum):
    AREA_SCOPED = "area_scoped"  # logged in; every record shown is filtered by jurisdiction
    LOGIN_ONLY = "login_only"  # logged in; shows no area data (settings, language, logout)
    PUBLIC = "public"  # anyone (login page, health check, static docs)
    ADMIN = "admin"  # Django admin: staff only, checked by the admin itself


_V = TypeVar("_V", bound=Callable[..., Any])


def _declare(policy: Policy) -> Callable[[_V], _V]:
    def decorator(view: _V) -> _V:
        view.access_policy = policy  # type: ignore[attr-defined]
        return view

    return decorator


area_scoped = _declare(Policy.AREA_SCOPED)
login_only = _declare(Policy.LOGIN_ONLY)
public = _declare(Policy.PUBLIC)


def policy_of(view: Callable[..., Any], namespaces: list[str] | tuple[str, ...] = ()) -> Policy | None:
    """The declared policy of a resolved view function (function view, DRF or admin).

    Django's admin guards itself (staff only) and is recognised by its URL namespace.
    """
    if "admin" in namespaces:
        return Policy.ADMIN
    declared = getattr(view, "access_policy", None)
    if declared is None:
        view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
        declared = getattr(view_class, "access_policy", None)
    return Policy(declared) if declared is not None else None
