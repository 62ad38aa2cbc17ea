"""The page shell's menu and home cards, gathered from every app's ``shell.py`` (``core.shell``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from phaodai.areas.models import AdminUnit
from phaodai.core.access import has_capability
from phaodai.core.shell import (
    NAV_SECTIONS,
    HomeCard,
    UnitFigure,
    declared_home_cards,
    declared_nav,
    declared_unit_figures,
)
from phaodai.ui.scope import Scope, current_scope


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool
    badge_url: str = ""
    section: str = ""


@dataclass(frozen=True)
class NavGroup:
    """One section of the menu with the entries the user may use ("" label: the top of it)."""

    code: str
    label: str | Promise
    items: tuple[NavItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


@dataclass(frozen=True)
class CardView:
    """A home card ready to render: its template and what its selector read."""

    card: HomeCard
    figures: Any

    @property
    def template(self) -> str:
        return self.card.template


def reverse_or_none(name: str) -> str | None:
    """Links to pages another part of the project may not have built yet are left out."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _is_active(view_name: str, markers: tuple[str, ...]) -> bool:
    return any(view_name == m or (m.endswith(":") and view_name.startswith(m)) for m in markers)


def nav_items(request: HttpRequest) -> list[NavItem]:
    """The menu entries of every app that the user may use, in their declared order."""
    user = request.user
    match = request.resolver_match
    view_name = match.view_name if match else ""
    scope = current_scope(request)
    unit_param = scope.unit_param if scope is not None else ""
    items: list[NavItem] = []
    for entry in declared_nav():
        if not has_capability(user, entry.capability):
            continue
        url = reverse_or_none(entry.url_name)
        if url is None:
            continue
        if entry.keeps_unit and unit_param:
            url = f"{url}?{unit_param}"
        badge_url = (reverse_or_none(entry.badge_url) or "") if entry.badge_url else ""
        items.append(
            NavItem(
                label=entry.label,
                url=url,
                active=_is_active(view_name, entry.active_on),
                badge_url=badge_url,
                section=entry.section,
            )
        )
    return items


def nav_groups(request: HttpRequest) -> list[NavGroup]:
    """The menu by section (``core.shell.NAV_SECTIONS`` order), sections with no entry left out."""
    items = nav_items(request)
    groups = []
    for section in sorted(NAV_SECTIONS, key=lambda section: section.order):
        mine = tuple(item for item in items if item.section == section.code)
        if mine:
            groups.append(NavGroup(code=section.code, label=section.label, items=mine))
    return groups


def home_cards(request: HttpRequest, scope: Scope) -> list[CardView]:
    """Each app's home card the user may see, with its figures for the unit of the switcher."""
    return [
        CardView(card=card, figures=card.figures(user=request.user, unit=scope.unit))
        for card in declared_home_cards()
        if has_capability(request.user, card.capability)
    ]


@dataclass(frozen=True)
class UnitFigureView:
    """One app's figure on a unit page: the unit's total, each child's, and the list it opens."""

    figure: UnitFigure
    total: int
    by_child: dict[int, int]  # child pk -> n
    url: str | None

    @property
    def label(self) -> str | Promise:
        return self.figure.label

    @property
    def note(self) -> str | Promise:
        return self.figure.note


def unit_figures(request: HttpRequest, unit: AdminUnit, children: list[AdminUnit]) -> list[UnitFigureView]:
    """The figures every app counts for ``unit`` and its ``children`` that the user may see."""
    views = []
    for figure in declared_unit_figures():
        if not has_capability(request.user, figure.capability):
            continue
        counts = figure.counts(user=request.user, unit=unit)
        url = reverse_or_none(figure.url_name) if figure.url_name else None
        views.append(
            UnitFigureView(
                figure=figure,
                total=sum(counts.values()),
                by_child={child.pk: counts.get(child.path, 0) for child in children},
                url=f"{url}?unit={unit.pk}" if url else None,
            )
        )
    return views
