"""Writing the audit trail. Services call these inside their own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from phaodai.audit.models import AuditAction, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` (foreign keys as ids), ready for JSON."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(instance, attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{"field": [before, after]} for every field whose value changed."""
    return {name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]}


# Values a new record leaves unfilled: not worth an audit line.
_UNFILLED: tuple[Any, ...] = ("", None, [], False)


def created_changes(instance: models.Model, fields: Iterable[str]) -> dict[str, list[Any]]:
    """The audit changes of a new record: [None, value] for every field that was filled in."""
    return {
        name: [None, value] for name, value in snapshot(instance, fields).items() if value not in _UNFILLED
    }


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    target: models.Model | None,
    area_path: str,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
    target_type: str | None = None,
) -> AuditEvent:
    """Write one audit row. ``target`` may be None for exports (give ``target_type``)."""
    if target is not None:
        target_type = target._meta.label_lower
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target_type or "",
        target_id=target.pk if target is not None else None,
        area_path=area_path,
        changes=dict(changes or {}),
        summary=summary[:300],
    )
