"""Turning audit rows into readable lines: field labels, and values as people read them.

An audit row stores ``{"field": [before, after]}`` with raw values (ids, ISO dates,
choice codes), a merge its field changes under ``"fields"``. The history pages show the
field's label (its ``verbose_name``) and each value the way the record's own page shows
it: dd/mm/yyyy, choice labels, names of related records. A related record is named only
when the reader may see it (its model's scoped manager, ``for_user``); otherwise, or for
a model without an area, the value stays its number. The same holds for the records a
summary names (``EventType.refs``: "Gộp hồ sơ trùng Nguyễn Văn An vào hồ sơ này", or
"… #123 …" for a reader outside). Nothing here knows any app.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from phaodai.audit.events import get_event_type
from phaodai.audit.models import AuditEvent
from phaodai.core.access import is_scoped

# Choices of JSON list fields, which Django does not know: field name -> {code: label}.
ListChoices = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    changes: list[ChangeLine]
    # What happened, in the reader's language, other records named when the reader may see them.
    summary: str = ""


def field_label(model: type[models.Model], name: str) -> str:
    """The field's verbose name with a capital first letter ("số CCCD/CMND" -> "Số CCCD/CMND")."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    verbose = str(getattr(field, "verbose_name", name))
    return verbose[:1].upper() + verbose[1:]


def format_value(
    model: type[models.Model],
    name: str,
    value: Any,
    *,
    related_names: Mapping[tuple[str, Any], str] | None = None,
    list_choices: ListChoices | None = None,
) -> str:
    """One stored value as a person reads it ("—" for empty)."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if list_choices and name in list_choices and isinstance(value, list):
        labels = list_choices[name]
        return "; ".join(str(labels.get(item, item)) for item in value)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if field.is_relation and related_names is not None:
        if isinstance(value, list):  # a many-to-many field: the ids of its rows
            return "; ".join(related_names.get((name, item), f"#{item}") for item in value)
        return related_names.get((name, value), f"#{value}")
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return formats.date_format(dt.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def _pairs(changes: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """The ``field: [before, after]`` pairs of an audit row, including a merge's nested ``fields``."""
    pairs = [(name, pair) for name, pair in changes.items() if isinstance(pair, list) and len(pair) == 2]
    nested = changes.get("fields")
    if isinstance(nested, Mapping):
        pairs.extend(_pairs(nested))
    return pairs


def _related_names(
    model: type[models.Model], events: Iterable[AuditEvent], user: Any
) -> dict[tuple[str, Any], str]:
    """Names of the records that foreign-key values point at: one query per related model."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for event in events:
        for name, pair in _pairs(event.changes or {}):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation:
                for value in pair:
                    items = value if isinstance(value, list) else [value]
                    wanted[name].update(v for v in items if isinstance(v, int))
    names: dict[tuple[str, Any], str] = {}
    for name, ids in wanted.items():
        related: Any = model._meta.get_field(name).related_model
        if related is None or not is_scoped(related):
            continue  # no jurisdiction to read it through: never named
        for obj in related._default_manager.for_user(user).filter(pk__in=ids):
            names[(name, obj.pk)] = str(obj)
    return names


def _summary_names(events: Iterable[AuditEvent], user: Any) -> dict[tuple[str, Any], str]:
    """Names of the records the summaries' parameters point at (``EventType.refs``), by (model, pk).

    Read through each model's scoped manager: a record outside the reader's jurisdiction stays
    its number. One query per model named.
    """
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        declared = get_event_type(event.event) if event.event else None
        if declared is None:
            continue
        for param, label in declared.refs.items():
            value = (event.params or {}).get(param)
            if isinstance(value, int):
                wanted[label].add(value)
    names: dict[tuple[str, Any], str] = {}
    for label, ids in wanted.items():
        try:
            related: Any = apps.get_model(label)
        except LookupError:
            continue
        if not is_scoped(related):
            continue  # no jurisdiction to read it through: never named
        for obj in related._default_manager.for_user(user).filter(pk__in=ids):
            names[(label, obj.pk)] = str(obj)
    return names


def _summary(event: AuditEvent, names: Mapping[tuple[str, Any], str]) -> str:
    declared = get_event_type(event.event) if event.event else None
    if declared is None:
        return event.description
    params = event.params or {}
    shown = {
        param: names[(label, params[param])]
        for param, label in declared.refs.items()
        if (label, params.get(param)) in names
    }
    return declared.render(params, names=shown)


def history_entries(
    *,
    events: Iterable[AuditEvent],
    model: type[models.Model],
    user: Any,
    list_choices: ListChoices | None = None,
) -> list[HistoryEntry]:
    events = list(events)
    related = _related_names(model, events, user)
    summary_names = _summary_names(events, user)
    entries = []
    for event in events:
        lines = []
        for name, (before, after) in _pairs(event.changes or {}):
            lines.append(
                ChangeLine(
                    label=field_label(model, name),
                    before=format_value(
                        model, name, before, related_names=related, list_choices=list_choices
                    ),
                    after=format_value(model, name, after, related_names=related, list_choices=list_choices),
                )
            )
        entries.append(HistoryEntry(event=event, changes=lines, summary=_summary(event, summary_names)))
    return entries
