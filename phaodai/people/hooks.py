"""How other apps react when two person records are merged.

``person_merge`` moves every row that points at the duplicate to the survivor, whatever app
owns it (found from the model's relations at run time). An app whose rows carry something
derived from the person (an area, a count, a label) registers a handler for its foreign key
and is called, in the merge's transaction, with the rows that were moved, so it can re-derive
them, adjust its counts and write its own audit row::

    # cases/apps.py, in ready()
    from phaodai.people.hooks import on_person_merged
    on_person_merged("cases.Case.person", case_person_merged)

An explicit call, not a Django signal (``docs/ARCHITECTURE.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from phaodai.accounts.models import User
    from phaodai.people.models import Person


@dataclass(frozen=True)
class MergedRows:
    """Rows of one foreign key that a merge moved from ``duplicate`` to ``survivor``."""

    actor: User
    survivor: Person
    duplicate: Person
    model: type[Any]
    field: str
    pks: tuple[int, ...]


MergeHandler = Callable[[MergedRows], None]

_HANDLERS: dict[str, list[MergeHandler]] = {}


def on_person_merged(relation: str, handler: MergeHandler) -> None:
    """Call ``handler`` after a merge moves rows of ``relation`` ("app_label.Model.field")."""
    label, dot, field = relation.rpartition(".")
    if not dot or "." not in label:
        raise ImproperlyConfigured(f"on_person_merged: {relation!r} is not 'app_label.Model.field'.")
    key = f"{label.lower()}.{field}"
    if handler not in _HANDLERS.setdefault(key, []):
        _HANDLERS[key].append(handler)


def merge_handlers(model: type[Any], field: str) -> list[MergeHandler]:
    return list(_HANDLERS.get(f"{model._meta.label_lower}.{field}", ()))


def forget_merge_handler(relation: str, handler: MergeHandler) -> None:
    """Remove a handler (tests that register one for a throwaway model)."""
    label, _dot, field = relation.rpartition(".")
    handlers = _HANDLERS.get(f"{label.lower()}.{field}", [])
    if handler in handlers:
        handlers.remove(handler)
