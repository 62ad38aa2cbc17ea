"""Remembering how a kind of file's columns were mapped (per unit and headers)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.core.services import require_in_jurisdiction
from phaodai.sheets.columns import signature
from phaodai.sheets.models import SheetMapping


@transaction.atomic
def sheet_mapping_remember(
    *, actor: User, unit: AdminUnit, kind: str, headers: Sequence[str], mapping: dict[str, str]
) -> SheetMapping:
    require_in_jurisdiction(actor, unit.path)
    found, _created = SheetMapping.objects.unscoped().update_or_create(
        unit=unit,
        kind=kind,
        signature=signature(headers),
        defaults={"headers": list(headers), "mapping": mapping, "updated_by": actor},
    )
    return found


def sheet_mapping_recall(
    *, user: User, unit: AdminUnit, kind: str, headers: Sequence[str]
) -> dict[str, str] | None:
    """The mapping last confirmed for these headers in this unit (or, failing that, in the user's area)."""
    found = (
        SheetMapping.objects.for_user(user)
        .filter(kind=kind, signature=signature(headers))
        .order_by("-updated_at")
    )
    exact = found.filter(unit=unit).first() or found.first()
    return dict(exact.mapping) if exact is not None else None
