"""Writes to the area tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.roles import Capability
from phaodai.areas.enums import AgeBand, PopulationSource, Sex, UnitLevel, UnitType
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit, MapEra, PopulationCount
from phaodai.audit.models import AuditAction
from phaodai.audit.services import audit_record
from phaodai.core.access import path_in_jurisdiction
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


# --------------------------------------------------------------------------- population

POPULATION_YEARS = (1979, 2100)
POPULATION_CELL_MAX = 50_000_000  # more than any province; catches typos with extra digits


def _population_errors(
    *, unit: AdminUnit, year: int, source: str, counts: Mapping[tuple[str, str], int]
) -> dict[str, list[str]]:
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
    if unit.pk is None:
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
    counts: Mapping[tuple[AgeBand | str, Sex | str], int],
) -> list[PopulationCount]:
    """Record (insert or correct) a unit's residents for one year and source, cell by cell.

    ``counts`` maps (age band, sex) to a number of people; cells not given are left as they
    are. ``actor`` None means the system (an import command); a person must hold
    ``MANAGE_AREAS`` and have the unit inside their jurisdiction. One audit row records the
    changed cells; recording the same figures again changes nothing and audits nothing.
    Returns the unit's cells for that year and source.
    """
    if actor is not None and not (
        actor.can(Capability.MANAGE_AREAS) and path_in_jurisdiction(actor, unit.path)
    ):
        raise PermissionDenied(_("Bạn không có quyền ghi số liệu dân số cho đơn vị này."))
    cells = {(str(band), str(sex)): value for (band, sex), value in counts.items()}
    errors = _population_errors(unit=unit, year=year, source=str(source), counts=cells)
    if errors:
        raise ValidationError(errors)

    existing = {
        (row.age_band, row.sex): row
        for row in PopulationCount.objects.select_for_update().filter(unit=unit, year=year, source=source)
    }
    changes: dict[str, list[int | None]] = {}
    to_create: list[PopulationCount] = []
    to_update: list[PopulationCount] = []
    for (band, sex), value in sorted(cells.items()):
        row = existing.get((band, sex))
        if row is None:
            row = PopulationCount(
                unit=unit, unit_path=unit.path, year=year, age_band=band, sex=sex, count=value, source=source
            )
            # Fields only: the unit is known to exist and the cell is known to be new.
            row.full_clean(exclude=["unit", "unit_path"], validate_unique=False, validate_constraints=False)
            to_create.append(row)
            changes[f"{band}/{sex}"] = [None, value]
        elif row.count != value or row.unit_path != unit.path:
            changes[f"{band}/{sex}"] = [row.count, value]
            row.count, row.unit_path = value, unit.path
            to_update.append(row)
    if not changes:
        return sorted(existing.values(), key=_cell_order)
    PopulationCount.objects.bulk_create(to_create)
    PopulationCount.objects.bulk_update(to_update, ["count", "unit_path"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATED if existing else AuditAction.CREATED,
        target=unit,
        area_path=unit.path,
        changes={"year": year, "source": str(source), "cells": changes},
        summary=_("Số liệu dân số %(unit)s năm %(year)d (%(source)s): %(n)d ô")
        % {"unit": unit.name, "year": year, "source": PopulationSource(source).label, "n": len(changes)},
    )
    return sorted([*existing.values(), *to_create], key=_cell_order)


def _cell_order(row: PopulationCount) -> tuple[int, int]:
    return AgeBand.values.index(row.age_band), Sex.values.index(row.sex)
