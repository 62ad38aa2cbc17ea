"""What an app contributes to the page shell: menu entries and home-page cards.

Each app lists them in its own ``shell.py`` (``NAV = [...]``, ``HOME_CARDS = [...]``, and the
figures it counts for a unit page, ``UNIT_FIGURES = [...]``);
``phaodai.ui.shell`` collects them from every installed app and renders them, so a new app
appears in the menu and on the home page without editing the shell. These are plain
declarations: any layer may make them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.functional import Promise

from phaodai.core.plugins import app_modules
from phaodai.core.roles import Capability


@dataclass(frozen=True)
class NavEntry:
    """A link in the main menu."""

    label: str | Promise
    url_name: str
    capability: Capability | None = None
    # View names ("people:detail") or namespaces ("areas:") under which the entry is marked current.
    active_on: tuple[str, ...] = ()
    keeps_unit: bool = True  # the link keeps the unit chosen in the switcher
    order: int = 100
    # A small count beside the label (unread alerts), fetched by the page after it loads from this
    # URL name (an HTMX fragment), so no page pays a query for it and it refreshes by itself.
    badge_url: str = ""


@dataclass(frozen=True)
class HomeCard:
    """A block of the home page: a template fed by a selector of the app's own records.

    ``figures(user=…, unit=…)`` reads what the card shows (inside the user's jurisdiction,
    narrowed to the unit of the switcher); the template gets it as ``figures``.
    """

    name: str
    template: str
    figures: Callable[..., Any]
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class UnitFigure:
    """A figure an app counts from its own records for a unit page: the unit and each child.

    ``counts(user=…, unit=…)`` returns ``{path: n}``: for each child of the unit the records
    under it (by the child's path), and under the unit's own path the records filed at the
    unit itself; the unit's figure is their sum. ``label`` says what is counted, ``note`` how
    (shown beside it, so no figure is read as another), ``url_name`` the list the figure opens.
    """

    name: str
    label: str | Promise
    note: str | Promise
    counts: Callable[..., Mapping[str, int]]
    url_name: str | None = None
    capability: Capability | None = None
    order: int = 100


@cache
def declared_nav() -> tuple[NavEntry, ...]:
    entries = [entry for _config, module in app_modules("shell") for entry in getattr(module, "NAV", ())]
    return tuple(sorted(entries, key=lambda entry: entry.order))


@cache
def declared_home_cards() -> tuple[HomeCard, ...]:
    cards = [card for _config, module in app_modules("shell") for card in getattr(module, "HOME_CARDS", ())]
    return tuple(sorted(cards, key=lambda card: card.order))


@cache
def declared_unit_figures() -> tuple[UnitFigure, ...]:
    figures = [f for _config, module in app_modules("shell") for f in getattr(module, "UNIT_FIGURES", ())]
    return tuple(sorted(figures, key=lambda figure: figure.order))
