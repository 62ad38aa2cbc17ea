"""Jurisdiction: what a user may see and change, decided in one place.

The access model
================

Every user has a *home unit* (a province, district, commune or village of one
map era), optionally *extra units* (a checkpoint officer covering several
communes, a district team's roster) and a *role*. A user sees and changes only
records whose area lies in one of those units' subtrees, or in the subtrees of
the units of another map era that took over or handed over part of their area
(``AdminUnit.linked_paths``: a 2025 commune's officer also sees what was filed
in 2021 in the communes it succeeded, and the reverse). System administrators
see everything. That set of subtrees is a ``Jurisdiction`` value.

Records carry the materialised path of their area (``area_path`` on every
``AreaScopedModel``; ``path`` on the units themselves). A path is a string like
``"00000012.00000345.00004567."``: a unit's subtree is every path that starts
with its own. So "is this in my jurisdiction" is one or a few indexed prefix
comparisons, never a walk up the tree.

Default deny, three layers:

* **Queries.** Every model whose rows belong to an area has a ``ScopedManager``
  as its default manager (a system check refuses a model with an area that has
  none). Selectors start from ``Model.objects.for_user(user)``; it returns nothing
  for an anonymous user or a user without a unit. An unscoped read is the
  deliberate, named ``Model.objects.unscoped()`` (the layer lint refuses any other
  ``Model.objects.<x>`` read in the project's code). The single-object fetch
  ``get_or_404(Model.objects.for_user(user)…, pk=…)`` answers 404 both for a missing row
  and for a row outside the jurisdiction, so existence never leaks.
* **Views.** Every view declares its policy with one of the decorators below
  (``area_scoped(capability)``, ``login_only``, ``public``), and the capability the
  user must have. ``AccessPolicyMiddleware`` refuses any view that declares none and
  answers 403 to a user without the declared capability; a test walks the URL
  resolver and fails on any undeclared view. API views declare ``access_policy`` and
  ``required_capability`` on the class (``phaodai.api.base``). A new page or endpoint
  is therefore scoped unless someone deliberately writes ``@public``.
* **Services.** Writes check the capability and the jurisdiction again
  (``phaodai.core.services.require`` / ``require_in_jurisdiction``), whoever calls them.

What a role may *do* inside its jurisdiction (create, edit, merge, export) is a
capability of the role (``phaodai.core.roles``). Whether a user has one is
answered by ``has_capability`` only: views, the middleware, the API permission,
services, selectors and exports all ask it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from phaodai.core.queries import prefix_q
from phaodai.core.roles import Capability

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models.manager import Manager


class ScopedUser(Protocol):
    """What the access layer needs to know about a user (``accounts.User`` provides it)."""

    is_authenticated: bool
    is_active: bool

    @property
    def sees_everything(self) -> bool: ...

    @property
    def jurisdiction(self) -> Jurisdiction: ...

    def can(self, capability: Any) -> bool: ...


# accounts.User, AnonymousUser or None; core never imports accounts (it is a layer above).
AnyUser = Any

_M = TypeVar("_M", bound=models.Model)

# Greater than every character of a path: [p, p + _TOP) is "starts with p" (core.queries).
_TOP = "\x7f"

# Jurisdictions whose narrowest path has at most this many segments (a province, a district) are
# "wide": the planner hint of ``ScopedQuerySet.for_user(narrow_by_index=False)`` applies to them.
WIDE_SEGMENTS = 2


def _minimal(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths, sorted, without any that lies inside another (its prefix is also listed)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not path:
            return ("",)
        if kept and path.startswith(kept[-1]):
            continue
        kept.append(path)
    return tuple(kept)


@dataclass(frozen=True)
class Jurisdiction:
    """The unit subtrees a user may see: a few path prefixes, everything, or nothing.

    ``home_path`` is the path of the user's home unit: where an action that names no
    single record (an export) is filed in the audit trail.
    """

    paths: tuple[str, ...]
    home_path: str = ""

    @classmethod
    def of(cls, paths: Iterable[str | None], *, home_path: str = "") -> Jurisdiction:
        return cls(paths=_minimal(p for p in paths if p is not None), home_path=home_path)

    @classmethod
    def everything(cls) -> Jurisdiction:
        return cls(paths=("",))

    @classmethod
    def nothing(cls) -> Jurisdiction:
        return cls(paths=())

    @property
    def is_everything(self) -> bool:
        return self.paths == ("",)

    @property
    def is_nothing(self) -> bool:
        return not self.paths

    @property
    def is_wide(self) -> bool:
        """Whether some subtree is a district or more (many rows: see ``WIDE_SEGMENTS``)."""
        return any(path.count(".") <= WIDE_SEGMENTS for path in self.paths)

    def contains(self, path: str) -> bool:
        """Whether a record filed at ``path`` lies inside (any subtree is a prefix of it)."""
        return any(path.startswith(prefix) for prefix in self.paths)

    def q(self, field: str) -> Q:
        """``field`` lies inside, as one index range per subtree (``Q()`` for everything)."""
        if self.is_nothing:
            return Q(pk__in=[])
        condition = Q()
        for path in self.paths:
            condition |= prefix_q(field, path)
        return condition

    def __str__(self) -> str:
        if self.is_everything:
            return "*"
        return " ".join(self.paths) or "∅"


def jurisdiction_of(user: AnyUser) -> Jurisdiction:
    """The user's jurisdiction; nothing for an anonymous or inactive user, everything for an admin."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Jurisdiction.nothing()
    if user.sees_everything:
        return Jurisdiction.everything()
    found: Jurisdiction = user.jurisdiction
    return found


def in_jurisdiction(user: AnyUser, path: str) -> bool:
    """Whether a record filed at ``path`` is inside the user's jurisdiction."""
    return jurisdiction_of(user).contains(path)


# --------------------------------------------------------------------------- capabilities


def has_capability(user: AnyUser, capability: Capability | None) -> bool:
    """The one capability gate: a signed-in, active user whose role has ``capability``.

    ``None`` asks only for a signed-in, active user (a page that needs no capability).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return capability is None or bool(user.can(capability))


def require_capability(user: AnyUser, capability: Capability | None) -> None:
    """``PermissionDenied`` (a 403 page, a JSON 403) unless ``has_capability``."""
    if not has_capability(user, capability):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))


# --------------------------------------------------------------------------- queries


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows which field holds its rows' area path (the model's ``scope_field``)."""

    def for_user(self, user: AnyUser | AnonymousUser, *, narrow_by_index: bool = True) -> ScopedQuerySet[_M]:
        """Rows inside the user's jurisdiction.

        ``narrow_by_index=False`` is a planner hint for queries that another index serves
        better (a name search): see ``_in_subtrees``.
        """
        found = jurisdiction_of(user)
        if found.is_nothing:
            return self.none()
        if found.is_everything:
            return self._all()
        return self._in_subtrees(found.paths, narrow_by_index=narrow_by_index)

    def within(self, path: str, *, narrow_by_index: bool = True) -> ScopedQuerySet[_M]:
        """Narrow to one subtree (a unit the user picked in the switcher)."""
        return self._in_subtrees((path,), narrow_by_index=narrow_by_index)

    def in_jurisdiction(self, jurisdiction: Jurisdiction) -> ScopedQuerySet[_M]:
        """Rows inside an already computed jurisdiction."""
        if jurisdiction.is_nothing:
            return self.none()
        if jurisdiction.is_everything:
            return self._all()
        return self._in_subtrees(jurisdiction.paths, narrow_by_index=True)

    def unscoped(self) -> ScopedQuerySet[_M]:
        """Every row, whoever asks: a deliberate, named choice (imports, merges, counts, admin)."""
        return self._all()

    def _all(self) -> ScopedQuerySet[_M]:
        return self.all()

    def _in_subtrees(self, paths: tuple[str, ...], *, narrow_by_index: bool) -> ScopedQuerySet[_M]:
        field = scope_field_of(self.model)
        wide = any(path.count(".") <= WIDE_SEGMENTS for path in paths)
        if narrow_by_index or not wide or connections[self.db].vendor != "sqlite":
            condition = Q()
            for path in paths:
                condition |= prefix_q(field, path)
            return self.filter(condition)
        # SQLite has no statistics on how much of the table a path range covers, so for a
        # province it walks the whole area index instead of a selective name index. A
        # function of the column is never an index range: the same test, without that plan.
        condition = Q()
        aliases: dict[str, Any] = {}
        for number, path in enumerate(paths):
            alias = f"_subtree_{number}"
            aliases[alias] = Substr(field, 1, len(path))
            condition |= Q(**{alias: path})
        aliased: ScopedQuerySet[_M] = self.alias(**aliases)
        return aliased.filter(condition)


# Built from the queryset so that every queryset method of the manager (``select_related``,
# ``filter``, ``none`` ...) is known to return a ``ScopedQuerySet``, as it does at run time.
_ScopedManagerBase = models.Manager.from_queryset(ScopedQuerySet)


class ScopedManager(_ScopedManagerBase[_M]):
    """The default manager of every area-bound model: ``for_user``, ``within``, ``unscoped``."""

    def get_queryset(self) -> ScopedQuerySet[_M]:
        return ScopedQuerySet(self.model, using=self._db)

    def for_user(self, user: AnyUser | AnonymousUser, *, narrow_by_index: bool = True) -> ScopedQuerySet[_M]:
        return self.get_queryset().for_user(user, narrow_by_index=narrow_by_index)

    def within(self, path: str, *, narrow_by_index: bool = True) -> ScopedQuerySet[_M]:
        return self.get_queryset().within(path, narrow_by_index=narrow_by_index)

    def in_jurisdiction(self, jurisdiction: Jurisdiction) -> ScopedQuerySet[_M]:
        return self.get_queryset().in_jurisdiction(jurisdiction)

    def unscoped(self) -> ScopedQuerySet[_M]:
        return self.get_queryset().unscoped()


def scope_field_of(model: type[models.Model]) -> str:
    """The field that holds the path of a scoped model's rows."""
    field: str = getattr(model, "scope_field", "area_path")
    return field


def is_scoped(model: type[models.Model]) -> bool:
    """Whether the model's default manager is a ``ScopedManager``."""
    manager: Manager[Any] = model._default_manager
    return isinstance(manager, ScopedManager)


def get_or_404(queryset: models.QuerySet[_M], **lookup: Any) -> _M:
    """One row of an already scoped queryset; 404 whether it is missing, out of reach or malformed."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


# --------------------------------------------------------------------------- view policies


class Policy(StrEnum):
    AREA_SCOPED = "area_scoped"  # logged in; every record shown is filtered by jurisdiction
    LOGIN_ONLY = "login_only"  # logged in; shows no area data (settings, language, logout)
    PUBLIC = "public"  # anyone (login page, health check, static docs)
    ADMIN = "admin"  # Django admin: staff only, checked by the admin itself


_V = TypeVar("_V", bound=Callable[..., Any])


def _declare(view: _V, policy: Policy, capability: Capability | None) -> _V:
    view.access_policy = policy  # type: ignore[attr-defined]
    view.required_capability = capability  # type: ignore[attr-defined]
    return view


def area_scoped(capability: Capability | None = None) -> Callable[[_V], _V]:
    """Declare a page that shows or changes area data, and the capability it needs.

    ``@area_scoped(Capability.EDIT_PEOPLE)``; ``@area_scoped()`` for a page any signed-in
    user with a unit may open (the home page, the unit pages). The middleware answers 403
    to a signed-in user without the capability before the view runs.
    """
    if capability is not None and not isinstance(capability, Capability):
        raise TypeError("area_scoped takes a capability: write @area_scoped(...) with parentheses.")

    def decorator(view: _V) -> _V:
        return _declare(view, Policy.AREA_SCOPED, capability)

    return decorator


@overload
def login_only(view: _V) -> _V: ...
@overload
def login_only(view: None = None) -> Callable[[_V], _V]: ...
def login_only(view: _V | None = None) -> _V | Callable[[_V], _V]:
    """Declare a page that needs a signed-in user and shows no area data."""
    if view is None:
        return lambda inner: _declare(inner, Policy.LOGIN_ONLY, None)
    return _declare(view, Policy.LOGIN_ONLY, None)


def public(view: _V) -> _V:
    """Declare a page anyone may open (login, health check, API schema)."""
    return _declare(view, Policy.PUBLIC, None)


@dataclass(frozen=True)
class Declared:
    """What a resolved view declares: its policy and, per HTTP method, the capability it needs."""

    policy: Policy
    capabilities: dict[str, Capability | None]

    def capability_for(self, method: str) -> Capability | None:
        return self.capabilities.get(method.lower(), self.capabilities.get("*"))


def _view_class(view: Callable[..., Any]) -> Any:
    return getattr(view, "cls", None) or getattr(view, "view_class", None)


def declared_access(view: Callable[..., Any], namespaces: Iterable[str] = ()) -> Declared | None:
    """The declared policy and capabilities of a resolved view (function view, DRF or admin).

    Django's admin guards itself (staff only) and is recognised by its URL namespace. An API
    URL served by several single-action classes (``phaodai.api.base.route``) declares one
    capability per method.
    """
    if "admin" in namespaces:
        return Declared(Policy.ADMIN, {})
    declared = getattr(view, "access_policy", None)
    view_class = _view_class(view)
    if declared is None:
        declared = getattr(view_class, "access_policy", None)
    if declared is None:
        return None
    actions = getattr(view_class, "actions", None)
    if actions:
        capabilities = {method: getattr(cls, "required_capability", None) for method, cls in actions.items()}
    elif hasattr(view, "required_capability"):
        capabilities = {"*": view.required_capability}
    else:
        capabilities = {"*": getattr(view_class, "required_capability", None)}
    return Declared(Policy(declared), capabilities)


def policy_of(view: Callable[..., Any], namespaces: Iterable[str] = ()) -> Policy | None:
    """The declared policy of a resolved view, or None (see ``declared_access``)."""
    found = declared_access(view, namespaces)
    return found.policy if found is not None else None
