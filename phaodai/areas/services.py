"""Writes to the area tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.areas import events
from phaodai.areas.enums import AgeBand, PopulationSource, Sex, UnitLevel, UnitType
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit, MapEra, PopulationCount, UnitSuccession
from phaodai.audit.services import audit_record
from phaodai.core.access import has_capability, in_jurisdiction
from phaodai.core.roles import Capability
from phaodai.core.text import fold


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


def derive_unit(unit: AdminUnit, *, parent: AdminUnit | None) -> None:
    """Set the columns computed for a unit whose primary key is known: name key, path, depth.

    The one copy of these rules (``unit_create`` and bulk loads call it).
    """
    unit.name_key = fold(unit.name)
    unit.path = (parent.path if parent is not None else "") + path_segment(unit.pk)
    unit.depth = 0 if parent is None else parent.depth + 1


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
    derive_unit(unit, parent=parent)
    unit.save(update_fields=["path", "name_key", "depth"])
    return unit


# --------------------------------------------------------------------------- links between eras


def _self_and_ancestors(path: str) -> list[str]:
    step = PATH_SEGMENT_WIDTH + 1
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _minimal_paths(paths: set[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted(paths):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


@transaction.atomic
def unit_links_refresh() -> int:
    """Recompute every unit's ``linked_paths`` from the successions; return how many units changed.

    A unit's linked paths are the units of the other era linked to it or to any unit of its
    subtree, without those inside another listed one: every unit it took over (a 2025 commune
    holds part of each predecessor's area, so it needs all their history), and the unit that
    took over the main part of it (a split ward's officers do not see the whole of the other
    units that received its smaller parts). A district of 2021 so reaches the 2025 communes
    its communes mainly became; a 2025 commune, the 2021 communes it took over.
    Run after successions change (``load_successions`` does).
    """
    reach: dict[str, set[str]] = {}
    links = UnitSuccession.objects.values_list("predecessor__path", "successor__path", "is_main")
    for predecessor, successor, is_main in links.iterator(chunk_size=5000):
        if is_main:
            for path in _self_and_ancestors(predecessor):
                reach.setdefault(path, set()).add(successor)
        for path in _self_and_ancestors(successor):
            reach.setdefault(path, set()).add(predecessor)
    wanted = {path: " ".join(_minimal_paths(linked)) for path, linked in reach.items()}
    current = dict(AdminUnit.objects.unscoped().exclude(linked_paths="").values_list("path", "linked_paths"))
    stale = [
        (value, path)
        for path, value in (
            *((path, "") for path in current if path not in wanted),
            *wanted.items(),
        )
        if current.get(path, "") != value
    ]
    if stale:
        # One prepared UPDATE run many times (as loaders._set_paths): thousands of units at once.
        connection = connections[router.db_for_write(AdminUnit)]
        quote = connection.ops.quote_name
        meta = AdminUnit._meta
        table = quote(meta.db_table)
        linked, path = quote(meta.get_field("linked_paths").column), quote(meta.get_field("path").column)
        sql = f"UPDATE {table} SET {linked} = %s WHERE {path} = %s"  # noqa: S608 (identifiers only)
        with connection.cursor() as cursor:
            cursor.executemany(sql, stale)
    return len(stale)


# --------------------------------------------------------------------------- population

POPULATION_YEARS = (1979, 2100)
POPULATION_CELL_MAX = 50_000_000  # more than any province; catches typos with extra digits


_Band = TypeVar("_Band", bound=str)  # an AgeBand or its value
_Sex = TypeVar("_Sex", bound=str)  # a Sex or its value


def _population_errors(
    *, unit: AdminUnit, year: object, source: str, counts: Mapping[Any, object]
) -> dict[str, list[str]]:
    """What is wrong with the figures, per field; the values are checked whatever their type."""
    errors: dict[str, list[str]] = {}
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not POPULATION_YEARS[0] <= year <= POPULATION_YEARS[1]
    ):
        errors["year"] = [
            _("Năm phải là số nguyên từ %(low)d đến %(high)d.")
            % {"low": POPULATION_YEARS[0], "high": POPULATION_YEARS[1]}
        ]
    if source not in PopulationSource.values:
        errors["source"] = [_("Nguồn số liệu “%(source)s” không hợp lệ.") % {"source": source}]
    pk: int | None = unit.pk  # None: not saved
    if pk is None:
        errors["unit"] = [_("Đơn vị chưa được lưu.")]
    problems: list[str] = []
    if not counts:
        problems.append(_("Cần ít nhất một ô số liệu (nhóm tuổi × giới tính)."))
    for key, value in counts.items():
        band, sex = key if isinstance(key, tuple) and len(key) == 2 else (None, None)
        if band not in AgeBand.values or sex not in Sex.values:
            problems.append(_("Ô %(key)s không phải (nhóm tuổi, giới tính) hợp lệ.") % {"key": key})
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= POPULATION_CELL_MAX:
            problems.append(
                _("Số người của ô %(band)s/%(sex)s phải là số nguyên từ 0 đến %(max)d.")
                % {"band": band, "sex": sex, "max": POPULATION_CELL_MAX}
            )
    if problems:
        errors["counts"] = problems
    return errors


@transaction.atomic
def population_record(
    *,
    actor: Any,
    unit: AdminUnit,
    year: int,
    source: PopulationSource | str,
    counts: Mapping[tuple[_Band, _Sex], int],
) -> list[PopulationCount]:
    """Record (insert or correct) a unit's residents for one year and source, cell by cell.

    ``counts`` maps (age band, sex) to a number of people; cells not given are left as they
    are. ``actor`` None means the system (an import command); a person must hold
    ``MANAGE_AREAS`` and have the unit inside their jurisdiction. One audit row records the
    changed cells; recording the same figures again changes nothing and audits nothing.
    Returns the unit's cells for that year and source.
    """
    if actor is not None and not (
        has_capability(actor, Capability.MANAGE_AREAS) and in_jurisdiction(actor, unit.path)
    ):
        raise PermissionDenied(_("Bạn không có quyền ghi số liệu dân số cho đơn vị này."))
    cells = {(str(band), str(sex)): value for (band, sex), value in counts.items()}
    errors = _population_errors(unit=unit, year=year, source=str(source), counts=cells)
    if errors:
        raise ValidationError(errors)

    existing = {
        (row.age_band, row.sex): row
        for row in PopulationCount.objects.unscoped()
        .select_for_update()
        .filter(unit=unit, year=year, source=source)
    }
    changes: dict[str, list[int | None]] = {}
    to_create: list[PopulationCount] = []
    to_update: list[PopulationCount] = []
    now = timezone.now()
    for (band, sex), value in sorted(cells.items()):
        row = existing.get((band, sex))
        if row is None:
            row = PopulationCount(
                unit=unit,
                unit_path=unit.path,
                year=year,
                age_band=band,
                sex=sex,
                count=value,
                source=source,
                recorded_at=now,
            )
            # Fields only: the unit is known to exist and the cell is known to be new.
            row.full_clean(exclude=["unit", "unit_path"], validate_unique=False, validate_constraints=False)
            to_create.append(row)
            changes[f"{band}/{sex}"] = [None, value]
        elif row.count != value or row.unit_path != unit.path:
            changes[f"{band}/{sex}"] = [row.count, value]
            row.count, row.unit_path, row.recorded_at = value, unit.path, now
            to_update.append(row)
    if not changes:
        return sorted(existing.values(), key=_cell_order)
    PopulationCount.objects.bulk_create(to_create)
    PopulationCount.objects.bulk_update(to_update, ["count", "unit_path", "recorded_at"])
    audit_record(
        actor=actor,
        event=events.POPULATION_CORRECTED if existing else events.POPULATION_RECORDED,
        target=unit,
        area_path=unit.path,
        changes={"year": year, "source": str(source), "cells": changes},
        params={"unit": unit.name, "year": year, "source": str(source), "n": len(changes)},
    )
    return sorted([*existing.values(), *to_create], key=_cell_order)


def _cell_order(row: PopulationCount) -> tuple[int, int]:
    return AgeBand.values.index(row.age_band), Sex.values.index(row.sex)
