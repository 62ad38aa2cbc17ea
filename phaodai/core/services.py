"""Helpers every app's services use: the guards, unit validation, create-once by client uuid.

The audited create/update helpers live beside the audit trail they write
(``phaodai.audit.services.audited_create`` / ``audited_update``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core.access import AnyUser, in_jurisdiction, require_capability
from phaodai.core.errors import CoreErrorCode
from phaodai.core.roles import Capability

__all__ = [
    "StaleRecordError",
    "create_once",
    "existing_by_uuid",
    "require",
    "require_in_jurisdiction",
    "unique_or_error",
    "unit_errors",
]

if TYPE_CHECKING:
    from phaodai.core.models import AreaScopedModel

_S = TypeVar("_S", bound="AreaScopedModel")  # a record with an area_path and a client uuid
_T = TypeVar("_T")


class StaleRecordError(Exception):
    """An edit made on an older version of a record: someone saved it in between.

    ``changed`` maps each field changed since ``expected`` to its value now (as stored, ready
    for JSON); ``current`` is the version now. Pages show them to the officer, the API answers
    412 with them; nothing was written.
    """

    def __init__(self, *, record: Any, expected: int, changed: dict[str, Any]) -> None:
        self.record = record
        self.expected = expected
        self.current: int = record.version
        self.changed = changed
        super().__init__(f"{record._meta.label_lower}#{record.pk}: version {expected}, now {self.current}")


def require(actor: AnyUser, capability: Capability) -> None:
    """``PermissionDenied`` unless the actor is signed in and their role has ``capability``."""
    require_capability(actor, capability)


def require_in_jurisdiction(actor: AnyUser, path: str) -> None:
    """``PermissionDenied`` unless a record filed at ``path`` is inside the actor's jurisdiction."""
    if not in_jurisdiction(actor, path):
        raise PermissionDenied(_("Hồ sơ nằm ngoài địa bàn bạn phụ trách."))


class UnitLike(Protocol):
    """What unit validation needs of an ``areas.AdminUnit``."""

    path: str
    name: str
    level: int


_TOO_HIGH = gettext_lazy("Hãy chọn xã, phường hoặc thôn, tổ dân phố, không chọn cấp huyện, tỉnh.")


def unit_errors(
    actor: AnyUser,
    unit: UnitLike | None,
    *,
    what: str,
    min_level: int,
    too_high: str | None = None,
) -> list[ValidationError]:
    """Why a record may not be filed at ``unit``: none chosen, outside the jurisdiction, too high.

    ``min_level`` is the highest level allowed (``areas.enums.UnitLevel``: a resident lives in a
    commune or below). An empty list means the unit is fine.
    """
    if unit is None:
        return [ValidationError(_("Hãy chọn %(what)s.") % {"what": what}, code=CoreErrorCode.UNIT_REQUIRED)]
    if not in_jurisdiction(actor, unit.path):
        return [
            ValidationError(
                _("%(unit)s nằm ngoài địa bàn bạn phụ trách.") % {"unit": unit.name},
                code=CoreErrorCode.OUTSIDE_JURISDICTION,
            )
        ]
    if unit.level < min_level:
        return [ValidationError(str(too_high or _TOO_HIGH), code=CoreErrorCode.UNIT_TOO_HIGH)]
    return []


def existing_by_uuid(model: type[_S], actor: AnyUser, uuid: UUID | None) -> _S | None:
    """The row a client already sent with this uuid, if any (an offline client sending again).

    A uuid already used for a record outside the actor's jurisdiction is refused without
    saying anything about that record.
    """
    if uuid is None:
        return None
    manager: Any = model._default_manager
    existing: _S | None = manager.unscoped().filter(uuid=uuid).first()
    if existing is not None and not in_jurisdiction(actor, existing.area_path):
        raise ValidationError(
            {
                "uuid": [
                    ValidationError(
                        _("Mã bản ghi này đã được dùng cho một hồ sơ khác."), code=CoreErrorCode.UUID_TAKEN
                    )
                ]
            }
        )
    return existing


def create_once(
    model: type[_S], *, actor: AnyUser, uuid: UUID | None, create: Callable[[], _S]
) -> tuple[_S, bool]:
    """``(record, created)``: the stored record for a uuid already sent, else ``create()``'s.

    ``create`` runs in a savepoint: when two copies of one offline record arrive at once,
    the second's insert fails on the uuid's unique index, its writes (audit row included)
    are undone, and the first one's record is returned.
    """
    existing = existing_by_uuid(model, actor, uuid)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = existing_by_uuid(model, actor, uuid)
        if existing is None:
            raise
        return existing, False


def unique_or_error(
    write: Callable[[], _T],
    *,
    taken: Callable[[], bool],
    error: ValidationError | Callable[[], ValidationError],
) -> _T:
    """Run ``write`` in a savepoint; if a uniqueness rule refuses it, raise ``error`` instead.

    The service checked the rule before writing; this covers another officer saving the same
    value in between: the database constraint (or ``full_clean``'s check of it) refuses the
    write, and when ``taken()`` confirms that the value now belongs to another row, the user
    gets the field's message rather than a 500. Any other refusal propagates unchanged.
    ``error`` may be a function, called only then (a message that names the other row).
    """
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        if taken():
            raise (error if isinstance(error, ValidationError) else error()) from None
        raise
    except ValidationError as exc:
        if NON_FIELD_ERRORS in getattr(exc, "error_dict", {}) and taken():
            raise (error if isinstance(error, ValidationError) else error()) from None
        raise
