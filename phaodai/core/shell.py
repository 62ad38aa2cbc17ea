"""What an app contributes to the page shell: menu entries, home-page cards, person-page panels.

Each app lists them in its own ``shell.py`` (``NAV = [...]``, ``HOME_CARDS = [...]``, and the
figures it counts for a unit page, ``UNIT_FIGURES = [...]``);
``phaodai.ui.shell`` collects them from every installed app and renders them, so a new app
appears in the menu and on the home page without editing the shell. These are plain
declarations: any layer may make them.

Menu entries fall into the sections of ``NAV_SECTIONS`` (residents, health, command…): an
entry's own ``section``, else its app's ``nav_section`` (an attribute of its ``AppConfig``), else
"other"; the menu shows them section by section.

``PERSON_TIMELINE`` (``TimelineSource``) and ``PERSON_PANELS`` (``PersonPanel``) let an app
higher than ``people`` add to a resident's page without ``people`` importing it: the health
apps give the person's health timeline (tests, case, severity, care settings, home-care
entries) as dated ``TimelineEntry`` rows, merged and sorted into one list by the person page.

``CASE_PANELS`` (``CasePanel``) does the same for a case's page: home care (above ``cases``)
adds its monitoring there without ``cases`` importing it. ``PROPOSAL_ACTIONS``
(``ProposalAction``) lets the app that turns a test's case proposal into a case (``cases``,
above ``labtests``) offer its page on the proposal pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from phaodai.core.plugins import app_modules
from phaodai.core.roles import Capability


@dataclass(frozen=True)
class NavSection:
    """A heading of the menu; "" is the top of the menu, without a heading."""

    code: str
    label: str | Promise
    order: int


NAV_SECTIONS: tuple[NavSection, ...] = (
    NavSection("", "", 0),
    NavSection("residents", pgettext_lazy("menu section", "Dân cư"), 10),
    NavSection("health", pgettext_lazy("menu section", "Y tế"), 20),
    NavSection("command", pgettext_lazy("menu section", "Chỉ huy, điều hành"), 30),
    NavSection("enforcement", pgettext_lazy("menu section", "Cơ sở, vi phạm"), 40),
    NavSection("other", pgettext_lazy("menu section", "Khác"), 80),
    NavSection("system", pgettext_lazy("menu section", "Số liệu, hệ thống"), 90),
)
NAV_SECTION_CODES = frozenset(section.code for section in NAV_SECTIONS)


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
    # The menu section (``NAV_SECTIONS``); "" here means the app's ``nav_section``.
    section: str = ""


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


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of a person's health timeline ("12/01/2022 · Ca bệnh F0 · khẳng định")."""

    on: dt.date
    label: str | Promise
    detail: str | Promise = ""
    url: str = ""
    order: int = 100  # among entries of the same day: smaller first


@dataclass(frozen=True)
class TimelineSource:
    """Entries an app adds to a person's health timeline: ``entries(user=…, person=…)``.

    The function reads only what the user may see (its own selectors); the person page shows
    the source's entries only to users with ``capability``.
    """

    name: str
    entries: Callable[..., Iterable[TimelineEntry]]
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class PersonPanel:
    """A block of a person's page: a template fed by ``figures(user=…, person=…)`` (as ``panel``)."""

    name: str
    template: str
    figures: Callable[..., Any]
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class CasePanel:
    """A block of a case's page: a template fed by ``figures(user=…, case=…)`` (as ``panel``)."""

    name: str
    template: str
    figures: Callable[..., Any]
    capability: Capability | None = None
    order: int = 100


@dataclass(frozen=True)
class ProposalAction:
    """A button on a case proposal that meets the definition and is still open: the page
    ``url_name`` (taking the proposal's id as ``proposal_id``), for users with ``capability``."""

    name: str
    label: str | Promise
    url_name: str
    capability: Capability | None = None
    order: int = 100


def _declared(name: str) -> tuple[Any, ...]:
    """What every app's ``shell.py`` lists under ``name``, by each item's ``order``."""
    found = [item for _config, module in app_modules("shell") for item in getattr(module, name, ())]
    return tuple(sorted(found, key=lambda item: item.order))


@cache
def declared_case_panels() -> tuple[CasePanel, ...]:
    return _declared("CASE_PANELS")


@cache
def declared_proposal_actions() -> tuple[ProposalAction, ...]:
    return _declared("PROPOSAL_ACTIONS")


@cache
def declared_person_timeline() -> tuple[TimelineSource, ...]:
    return _declared("PERSON_TIMELINE")


@cache
def declared_person_panels() -> tuple[PersonPanel, ...]:
    return _declared("PERSON_PANELS")


@cache
def declared_nav() -> tuple[NavEntry, ...]:
    """Every app's menu entries, each with its section settled, in their declared order; one
    app's entries stay together (ordered by its first entry), so two apps of a section that use
    the same numbers do not interleave."""
    keyed = []
    for index, (config, module) in enumerate(app_modules("shell")):
        entries = list(getattr(module, "NAV", ()))
        first = min((entry.order for entry in entries), default=0)
        for entry in entries:
            section = entry.section or getattr(config, "nav_section", "other")
            settled = replace(entry, section=section if section in NAV_SECTION_CODES else "other")
            keyed.append(((first, index, entry.order), settled))
    return tuple(entry for _key, entry in sorted(keyed, key=lambda pair: pair[0]))


@cache
def declared_home_cards() -> tuple[HomeCard, ...]:
    return _declared("HOME_CARDS")


@cache
def declared_unit_figures() -> tuple[UnitFigure, ...]:
    return _declared("UNIT_FIGURES")
