"""Writing the audit trail and the access log. Services call these inside their own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.events import EventType
from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.core.services import StaleRecordError

_M = TypeVar("_M", bound=models.Model)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
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


def _actor_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def audit_record(
    *,
    actor: Any,
    event: EventType,
    target: models.Model | None,
    area_path: str,
    changes: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
    reason: str = "",
    target_type: str | None = None,
) -> AuditEvent:
    """Write one audit row of ``event``. ``target`` may be None for exports (give ``target_type``).

    ``params`` fill the event's summary template when the row is read (in the reader's
    language); ``reason`` is why the actor did it, as they wrote it. A versioned target's
    version after the event is kept, so "what changed since version 6" can be answered.
    """
    if target is not None:
        target_type = target._meta.label_lower
    return AuditEvent.objects.create(
        target_version=getattr(target, "version", None),
        actor=_actor_or_none(actor),
        action=event.action,
        event=event.code,
        target_type=target_type or "",
        target_id=target.pk if target is not None else None,
        area_path=area_path,
        changes=dict(changes or {}),
        params={key: _jsonable(value) for key, value in (params or {}).items()},
        reason=reason.strip(),
    )


def audited_create(
    instance: _M,
    *,
    actor: Any,
    event: EventType,
    fields: Iterable[str],
    params: Mapping[str, Any] | None = None,
    reason: str = "",
) -> _M:
    """Validate and insert a new record, and audit the fields that were filled in."""
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        event=event,
        target=instance,
        area_path=_area_of(instance),
        changes=created_changes(instance, fields),
        params=params,
        reason=reason,
    )
    return instance


def audited_update(
    instance: _M,
    *,
    actor: Any,
    event: EventType,
    fields: Iterable[str],
    values: Mapping[str, Any],
    derive: Callable[[_M], None] | None = None,
    derived: Iterable[str] = (),
    params: Mapping[str, Any] | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> dict[str, list[Any]]:
    """Set ``values`` on a (locked) record; save and audit only what changed. Returns the changes.

    ``fields`` are the audited fields; ``derive(instance)`` recomputes the columns that follow
    from them (folded keys, flags), named in ``derived`` and saved along. Nothing is written
    when nothing changed. A versioned record (``AreaScopedModel``) gets its version raised; with
    ``expected_version`` (the version the editor read), an edit of a record changed since is
    refused with ``core.services.StaleRecordError`` naming what changed (no lost update).
    """
    fields = tuple(fields)
    versioned = hasattr(instance, "version")
    check_version(instance, expected_version, fields=fields)
    before = snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    if derive is not None:
        derive(instance)
    changes = diff(before, snapshot(instance, fields))
    if not changes:
        return {}
    instance.full_clean()
    update_fields = [*changes, *derived]
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        update_fields.append("updated_at")
    if versioned:
        # The row is locked by the caller (select_for_update), so reading and raising is safe.
        versioned_record: Any = instance
        versioned_record.version += 1
        update_fields.append("version")
    instance.save(update_fields=list(dict.fromkeys(update_fields)))
    audit_record(
        actor=actor,
        event=event,
        target=instance,
        area_path=_area_of(instance),
        changes=changes,
        params=params,
        reason=reason,
    )
    return changes


def check_version(instance: Any, expected: int | None, *, fields: Iterable[str] | None = None) -> None:
    """``StaleRecordError`` if ``instance`` (locked) is no longer at the ``expected`` version.

    Services call it right after locking the row, before validating the edit: an edit of an old
    version is reported as such, with the fields changed since and their values now (of
    ``fields`` if given, else of every changed field the record has).
    """
    if expected is None or instance.version == expected:
        return
    changed = fields_changed_since(instance, expected)
    names = [name for name in (fields if fields is not None else sorted(changed)) if name in changed]
    known = [name for name in names if _has_field(instance, name)]
    raise StaleRecordError(record=instance, expected=expected, changed=snapshot(instance, known))


def _has_field(instance: models.Model, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def fields_changed_since(instance: models.Model, version: int) -> set[str]:
    """The fields the audit trail says changed on ``instance`` after its ``version``."""
    rows = AuditEvent.objects.unscoped().filter(
        target_type=instance._meta.label_lower, target_id=instance.pk, target_version__gt=version
    )
    changed: set[str] = set()
    for changes in rows.values_list("changes", flat=True):
        changed.update(name for name, pair in changes.items() if isinstance(pair, list))
        nested = changes.get("fields")
        if isinstance(nested, dict):  # a merge keeps the survivor's changed fields here
            changed.update(nested)
    return changed


def _area_of(instance: models.Model) -> str:
    path: str = getattr(instance, "area_path", "")
    return path


def access_record(
    *,
    actor: Any,
    kind: AccessKind,
    channel: AccessChannel,
    area_path: str,
    target: models.Model | None = None,
    target_type: str | None = None,
    count: int = 1,
    purpose: str = "",
    details: Mapping[str, Any] | None = None,
) -> AccessLog:
    """Log one reading of personal data (one INSERT, no lookup): a record viewed, a list, an export."""
    if target is not None:
        target_type = target._meta.label_lower
    return AccessLog.objects.create(
        actor=_actor_or_none(actor),
        kind=kind,
        channel=channel,
        target_type=target_type or "",
        target_id=target.pk if target is not None else None,
        area_path=area_path,
        count=count,
        purpose=purpose.strip(),
        details={key: _jsonable(value) for key, value in (details or {}).items()},
    )


def common_area(paths: Iterable[str]) -> str:
    """The deepest area holding every one of ``paths`` ("" when they share none, or none given)."""
    shared: str | None = None
    for path in paths:
        if shared is None:
            shared = path
            continue
        end = 0
        for a, b in zip(shared, path, strict=False):
            if a != b:
                break
            end += 1
        shared = shared[:end]
        if not shared:
            return ""
    if not shared:
        return ""
    return shared[: shared.rfind(".") + 1]  # whole units only: "0006.0012." not "0006.001"


def access_list_record(
    *,
    actor: Any,
    channel: AccessChannel,
    records: Sequence[models.Model],
    kind: AccessKind = AccessKind.LISTED,
    purpose: str = "",
    details: Mapping[str, Any] | None = None,
) -> AccessLog | None:
    """Log one list of personal records read at once (one INSERT): which ids, where, how many.

    Nothing is written for an empty list: no one's data was read. The row's area is the deepest
    unit holding every record, so it is found by whoever may read the log of that area.
    """
    if not records:
        return None
    return access_record(
        actor=actor,
        kind=kind,
        channel=channel,
        area_path=common_area(str(getattr(record, "area_path", "")) for record in records),
        target_type=records[0]._meta.label_lower,
        count=len(records),
        purpose=purpose,
        details={**(details or {}), "ids": [record.pk for record in records]},
    )
