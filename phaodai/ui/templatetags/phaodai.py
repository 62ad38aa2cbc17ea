"""Small display helpers for Pháo Đài templates."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import template

from phaodai.areas.models import AdminUnit
from phaodai.areas.places import place_label
from phaodai.core.access import has_capability
from phaodai.core.roles import Capability

register = template.Library()


@register.filter
def can(user: Any, capability: str) -> bool:
    """``{% if user|can:"edit_people" %}``: the one capability gate (``core.access.has_capability``)."""
    return has_capability(user, Capability(capability))


@register.filter
def minutes(value: dt.timedelta | None) -> int:
    """A duration in whole minutes (rounded up): the lockout page says "thử lại sau 15 phút"."""
    if value is None:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced ("" or None drops one).

    ``<a href="?{% query page=2 %}">`` keeps the search, the filters and the unit.
    """
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return urlencode(sorted((k, v) for k, v in params.items() if v != ""))


@register.filter
def place(unit: AdminUnit | None, within: AdminUnit | None = None) -> str:
    """``{{ person.residence_unit|place:scope.unit }}``: the unit, with its commune (and district)
    when the list spans more than one (``areas.places``)."""
    if unit is None:
        return ""
    return place_label(unit, within=within)
