"""Event types: what happened to a record, declared by the app that owns it.

An app declares its events in its own ``events.py`` (``people.events.PERSON_MERGED``), each
with the generic action it is a case of (``AuditAction``: created, updated, merged…), a
label and a summary template. The audit row stores the event's code and the template's
parameters, never the rendered text, so the history reads in the reader's language:
``AuditEvent.description`` renders the template under the language active when it is read.
A new event type needs no migration in ``audit``. The audit app imports every installed
app's ``events`` module when Django starts, so any row can be rendered anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from phaodai.audit.enums import AuditAction


@dataclass(frozen=True)
class EventType:
    """One kind of event: ``people.person_merged``, ``cases.case_confirmed``…"""

    code: str
    action: AuditAction
    label: str | Promise
    # A %-template over the row's params ("Gộp hồ sơ trùng %(duplicate)s"); the label if None.
    summary: str | Promise | None = None
    # How a stored parameter reads (a choice code as its label, in the reader's language).
    formatters: Mapping[str, Callable[[Any], str]] = field(default_factory=dict, compare=False)
    # Parameters that are the primary key of another record, with its model ("pk": "people.person").
    # Shown as that record's name to a reader who may see it (``ui.history``), else as "#<pk>".
    refs: Mapping[str, str] = field(default_factory=dict, compare=False)

    def render(self, params: Mapping[str, Any] | None, names: Mapping[str, str] | None = None) -> str:
        """The summary in the active language; ``names`` are the names of the ``refs`` the reader may see."""
        template = str(self.summary if self.summary is not None else self.label)
        if not params:
            return template
        shown = {}
        for name, value in params.items():
            if name in self.refs:
                shown[name] = (names or {}).get(name) or f"#{value}"
            elif name in self.formatters:
                shown[name] = self.formatters[name](value)
            else:
                shown[name] = value
        try:
            return template % shown
        except (KeyError, TypeError, ValueError):
            return str(self.label)


_REGISTRY: dict[str, EventType] = {}


def event_type(
    code: str,
    *,
    action: AuditAction,
    label: str | Promise,
    summary: str | Promise | None = None,
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
    refs: Mapping[str, str] | None = None,
) -> EventType:
    """Declare an event type (at import time of the owning app's ``events.py``)."""
    app, dot, name = code.partition(".")
    if not dot or not app or not name:
        raise ImproperlyConfigured(f"Event type code {code!r} must be '<app label>.<event>'.")
    declared = EventType(
        code=code,
        action=action,
        label=label,
        summary=summary,
        formatters=dict(formatters or {}),
        refs=dict(refs or {}),
    )
    existing = _REGISTRY.get(code)
    if existing is not None and existing != declared:
        raise ImproperlyConfigured(f"Event type {code!r} is declared twice.")
    _REGISTRY[code] = declared
    return declared


def get_event_type(code: str) -> EventType | None:
    return _REGISTRY.get(code)


def registered_event_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda event: event.code)
