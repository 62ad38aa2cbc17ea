from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phaodai.accounts.roles import Capability
from phaodai.web.scope import current_scope


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


# (label, url name, capability needed or None, namespace or view name that marks it active,
#  whether the link keeps the unit chosen in the switcher)
_NAV: tuple[tuple[Promise, str, Capability | None, tuple[str, ...], bool], ...] = (
    (_("Trang chủ"), "home", None, ("home",), True),
    (
        pgettext_lazy("nav", "Nhân khẩu"),
        "people:list",
        Capability.VIEW_PEOPLE,
        ("people:list", "people:detail", "people:create", "people:edit", "people:history"),
        True,
    ),
    (
        pgettext_lazy("nav", "Hộ gia đình"),
        "people:household_list",
        Capability.VIEW_PEOPLE,
        (
            "people:household_list",
            "people:household_detail",
            "people:household_create",
            "people:household_edit",
        ),
        True,
    ),
    (
        _("Trùng lặp"),
        "people:duplicates",
        Capability.MERGE_PEOPLE,
        ("people:duplicates", "people:merge"),
        True,
    ),
    (_("Địa bàn"), "areas:index", None, ("areas:",), False),
    (_("Tài liệu API"), "api:docs", None, ("api:docs",), False),
)


def reverse_or_none(name: str) -> str | None:
    """Links to pages another part of the project may not have built yet are left out."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _is_active(view_name: str, markers: tuple[str, ...]) -> bool:
    return any(view_name == m or (m.endswith(":") and view_name.startswith(m)) for m in markers)


def nav_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    match = request.resolver_match
    view_name = match.view_name if match else ""
    scope = current_scope(request)
    unit_param = scope.unit_param if scope is not None else ""
    items: list[NavItem] = []
    for label, url_name, capability, markers, keeps_unit in _NAV:
        if capability is not None and not user.can(capability):  # type: ignore[union-attr]
            continue
        url = reverse_or_none(url_name)
        if url is None:
            continue
        if keeps_unit and unit_param:
            url = f"{url}?{unit_param}"
        items.append(NavItem(label=label, url=url, active=_is_active(view_name, markers)))
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs on every page: the user's home unit, role and the nav."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "home_unit": user.home_unit,
        "role_label": user.get_role_display(),
        "nav_items": nav_items(request),
        "scope": current_scope(request),
    }
