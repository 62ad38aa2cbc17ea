"""Deterministic builders of eras and unit trees for tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.models import AdminUnit, MapEra
from phaodai.areas.services import derive_unit, unit_create
from phaodai.core.bulk import IdBlock, reset_sequences

_codes = itertools.count(1)

_TYPE_OF_LEVEL = {
    UnitLevel.PROVINCE: UnitType.PROVINCE,
    UnitLevel.DISTRICT: UnitType.RURAL_DISTRICT,
    UnitLevel.COMMUNE: UnitType.COMMUNE,
    UnitLevel.VILLAGE: UnitType.VILLAGE,
}


def make_era(*, code: str = "2021", name: str | None = None, valid_from: dt.date | None = None) -> MapEra:
    era, _ = MapEra.objects.get_or_create(
        code=code,
        defaults={
            "name": name or f"Bản đồ hành chính {code}",
            "valid_from": valid_from or dt.date(int(code[:4]) if code[:4].isdigit() else 2021, 1, 1),
        },
    )
    return era


def make_unit(
    *,
    name: str | None = None,
    level: UnitLevel = UnitLevel.PROVINCE,
    parent: AdminUnit | None = None,
    era: MapEra | None = None,
    code: str | None = None,
    unit_type: UnitType | None = None,
) -> AdminUnit:
    number = next(_codes)
    if parent is not None and level == UnitLevel.PROVINCE:
        level = UnitLevel(parent.level + 1)
    return unit_create(
        era=era or (parent.era if parent else make_era()),
        code=code or f"T{number:05d}",
        name=name or f"Đơn vị {number}",
        level=level,
        unit_type=unit_type or _TYPE_OF_LEVEL[level],
        parent=parent,
    )


def make_area_tree(
    spec: tuple[Any, ...], *, parent: AdminUnit | None = None, era: MapEra | None = None
) -> dict[str, AdminUnit]:
    """Build a tree from ("Tỉnh A", [("Huyện B", [("Xã C", ["Thôn D"])])]) and return units by name.

    The first element is the unit's name; the optional second is a list of children,
    each a tuple spec or a bare name for a leaf. Nearly every test needs a tree, so it is
    written in one INSERT, keys chosen up front and each unit's columns set by the service's
    own ``derive_unit`` (what ``unit_create`` does one unit at a time, in four queries).
    """
    era = era or (parent.era if parent is not None else make_era())
    ids = IdBlock(AdminUnit)
    units: dict[str, AdminUnit] = {}

    def build(node: tuple[Any, ...], above: AdminUnit | None) -> None:
        name, children = node[0], (node[1] if len(node) > 1 else [])
        level = UnitLevel.PROVINCE if above is None else UnitLevel(above.level + 1)
        unit = AdminUnit(
            pk=ids.take(),
            era=era,
            code=f"T{next(_codes):05d}",
            name=name,
            level=level,
            unit_type=_TYPE_OF_LEVEL[level],
            parent=above,
            valid_from=era.valid_from,
            valid_to=era.valid_to,
        )
        derive_unit(unit, parent=above)
        units[name] = unit
        for child in children:
            build(child if isinstance(child, tuple) else (child,), unit)

    build(spec, parent)
    AdminUnit.objects.bulk_create(list(units.values()))
    reset_sequences(AdminUnit)
    return units
