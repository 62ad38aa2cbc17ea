"""Indicators: the per-unit, per-day figures, declared by the apps that move them.

An app declares, in its plug-in module ``<app>/indicators.py``::

    INDICATORS = [
        Indicator(code="cases.new", name=_("Ca mắc mới"), meaning=_("…"), dims=("how_found", "source")),
    ]

    def rebuild(since: date | None) -> Iterable[CountRow]:
        ...  # the figures computed from the records (for a stock: its +1/−1 flows), day >= since

and calls ``counts.services.count_add`` / ``count_move`` in the same transaction as each record
change. ``rebuild`` may also accept a keyword ``indicator`` (one code): ``rebuild_counts`` then
asks it one indicator at a time instead of filtering its whole output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.apps import apps
from django_stubs_ext import StrOrPromise

from phaodai.core.plugins import app_modules

PLUGIN_MODULE = "indicators"
MAX_DIMS = 2


@dataclass(frozen=True)
class Indicator:
    """A figure kept per unit and day: code (``app.name``), Vietnamese name, meaning, dimensions.

    ``dims`` names at most two dimensions (``("kind", "result")``): every count of it carries
    that many values. A ``stock`` (occupancy) is kept as +1/−1 flows on the days it changes
    and read as a running total (``counts.selectors.stock_on``).
    """

    code: str
    name: StrOrPromise
    meaning: StrOrPromise
    dims: tuple[str, ...] = ()
    stock: bool = False
    app: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if len(self.dims) > MAX_DIMS:
            raise ValueError(f"indicator {self.code!r} has more than {MAX_DIMS} dimensions")


class CountRow(NamedTuple):
    """One figure computed from the records: what ``rebuild`` yields."""

    unit_id: int
    day: dt.date
    indicator: str
    dims: tuple[str, ...]
    value: int


RebuildFn = Callable[..., Iterable[CountRow]]


@dataclass(frozen=True)
class Source:
    """One app's indicators and the function that computes them from its records."""

    app: str
    indicators: tuple[Indicator, ...]
    rebuild: RebuildFn | None


class UnknownIndicatorError(LookupError):
    """No installed app declares an indicator of that code."""


def _installed() -> tuple[str, ...]:
    return tuple(config.name for config in apps.get_app_configs())


@lru_cache(maxsize=8)
def _sources_of(installed: tuple[str, ...]) -> tuple[Source, ...]:
    found: list[Source] = []
    seen: set[str] = set()
    for config, module in app_modules(PLUGIN_MODULE):
        declared = []
        for item in getattr(module, "INDICATORS", []):
            if not isinstance(item, Indicator):
                raise TypeError(f"{config.name}.{PLUGIN_MODULE}.INDICATORS holds {item!r}, not an Indicator")
            if item.code in seen:
                raise ValueError(f"indicator {item.code!r} is declared twice ({config.name})")
            seen.add(item.code)
            declared.append(
                Indicator(item.code, item.name, item.meaning, item.dims, item.stock, app=config.label)
            )
        if declared:
            found.append(Source(config.label, tuple(declared), getattr(module, "rebuild", None)))
    return tuple(found)


def sources() -> tuple[Source, ...]:
    """Each installed app's declared indicators and rebuild function, in settings order."""
    return _sources_of(_installed())


def declared_indicators() -> dict[str, Indicator]:
    """Every declared indicator, by code."""
    return {item.code: item for source in sources() for item in source.indicators}


def indicator(code: str) -> Indicator:
    """The declared indicator ``code``; ``UnknownIndicatorError`` if no installed app declares it."""
    try:
        return declared_indicators()[code]
    except KeyError:
        raise UnknownIndicatorError(code) from None
