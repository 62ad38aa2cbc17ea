"""Writes to the area tree."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit, MapEra
from phaodai.core.text import fold


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


@transaction.atomic
def unit_create(
    *,
    era: MapEra,
    code: str,
    name: str,
    level: UnitLevel,
    unit_type: UnitType,
    parent: AdminUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    is_border: bool = False,
) -> AdminUnit:
    """Create one unit and give it its materialised path (parent's path + own key)."""
    unit = AdminUnit(
        era=era,
        code=code,
        name=name,
        name_key=fold(name),
        level=level,
        unit_type=unit_type,
        parent=parent,
        # A placeholder unique per row until the primary key is known.
        path=f"new-{era.code}-{code}",
        depth=0 if parent is None else parent.depth + 1,
        valid_from=valid_from or era.valid_from,
        valid_to=valid_to if valid_to is not None else era.valid_to,
        is_border=is_border,
    )
    unit.full_clean(exclude=["path", "name_key", "depth"])
    unit.save()
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    unit.save(update_fields=["path"])
    return unit
