"""Naming where a record is: enough of the unit's ancestors to tell it apart in a list.

A list of one commune names the village ("Tổ dân phố số 5"); a list that spans communes (a
district's, a province's) also names the commune, and the district, up to the unit the list is
narrowed to: there are hundreds of "Tổ dân phố số 5" in a province. The ancestors are read from
the parents already loaded with the unit (``select_related("…__parent__parent")``): naming a
place never costs a query.
"""

from __future__ import annotations

from phaodai.areas.models import AdminUnit

# What the lists and exports select with a record's unit: its commune and district (or province).
PLACE_PARENTS = "parent__parent"
# Exports name every level up to the province.
EXPORT_PARENTS = "parent__parent__parent"


def loaded_parent(unit: AdminUnit) -> AdminUnit | None:
    """The unit's parent if it was loaded with it (never a query), else None."""
    if unit.parent_id is None or not AdminUnit.parent.is_cached(unit):
        return None
    return unit.parent


def place_chain(unit: AdminUnit, *, within: AdminUnit | None) -> list[AdminUnit]:
    """The unit, then its ancestors, up to (not including) the first one that contains ``within``.

    ``within`` is the unit a list is narrowed to (None: everything, up to the province). A record
    outside it (a user's extra unit) is named up to the ancestor the two share.
    """
    chain = [unit]
    parent = loaded_parent(unit)
    while parent is not None and not (within is not None and within.path.startswith(parent.path)):
        chain.append(parent)
        parent = loaded_parent(parent)
    return chain


def place_label(unit: AdminUnit, *, within: AdminUnit | None) -> str:
    """ "Tổ dân phố số 5, Thị trấn Bắc Hà, Huyện Bắc Hà" (as much as the list needs)."""
    return ", ".join(u.name for u in place_chain(unit, within=within))


def units_by_level(unit: AdminUnit) -> dict[int, AdminUnit]:
    """The unit and its loaded ancestors by level (``UnitLevel``): the export's place columns."""
    found: dict[int, AdminUnit] = {}
    current: AdminUnit | None = unit
    while current is not None:
        found[current.level] = current
        current = loaded_parent(current)
    return found


__all__ = [
    "EXPORT_PARENTS",
    "PLACE_PARENTS",
    "loaded_parent",
    "place_chain",
    "place_label",
    "units_by_level",
]
