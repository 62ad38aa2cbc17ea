"""Load the committed unit lists (``areas/data/*.json.gz``) into the database.

The fixtures are written by ``tools/extract_units.py`` from exact PyPI releases; each
file names its source package and version in ``meta``. Loading is idempotent: units are
keyed by (era, code), so a second run creates nothing and changes nothing, and a changed
name in a newer fixture updates the existing row in place (its primary key, hence its
path and every record pointing at it, stays).

Speed: units are inserted with ``bulk_create`` one level at a time (a child needs its
parent's primary key), then ``path`` and ``depth`` are set for the whole era in bulk.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connections, router, transaction

from phaodai.areas.enums import SuccessionKind, UnitLevel, UnitType
from phaodai.areas.models import AdminUnit, MapEra, UnitSuccession
from phaodai.areas.services import derive_unit, path_segment, unit_links_refresh
from phaodai.core.bulk import BulkWriter, IdBlock, reset_sequences
from phaodai.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
ERA_FILES = {"2021": "units_2021.json.gz", "2025": "units_2025.json.gz"}
SUCCESSIONS_FILE = "successions_2021_2025.json.gz"
ERA_CODES = tuple(ERA_FILES)

_BATCH = 1000


class FixtureError(ValueError):
    """A fixture is missing, malformed, or does not match the database."""


@dataclass(frozen=True)
class Fixture:
    meta: dict[str, Any]
    rows: list[dict[str, Any]]


@cache
def read_fixture(name: str) -> Fixture:
    """One gzip'd JSON fixture of ``areas/data``: its ``meta`` and its rows as dicts."""
    path = DATA_DIR / name
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            body = json.load(handle)
    except FileNotFoundError as exc:
        raise FixtureError(f"Không tìm thấy tệp dữ liệu {path}; chạy tools/extract_units.py.") from exc
    columns = body["columns"]
    return Fixture(meta=body["meta"], rows=[dict(zip(columns, row, strict=True)) for row in body["rows"]])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _source_label(meta: dict[str, Any]) -> str:
    source = meta["source"]
    return f"{source['pin']} (PyPI), {', '.join(source['files'])}"


def _era_from_fixture(fixture: Fixture) -> tuple[MapEra, bool]:
    spec = fixture.meta["era"]
    wanted = {
        "name": spec["name"],
        "valid_from": _date(spec["valid_from"]),
        "valid_to": _date(spec["valid_to"]),
        "legal_source": spec["legal_source"],
        "data_source": _source_label(fixture.meta),
    }
    era, created = MapEra.objects.get_or_create(code=spec["code"], defaults=wanted)
    if created:
        return era, True
    changed = [name for name, value in wanted.items() if getattr(era, name) != value]
    for name in changed:
        setattr(era, name, wanted[name])
    if changed:
        era.full_clean()
        era.save(update_fields=changed)
    return era, bool(changed)


@transaction.atomic
def load_era(era_code: str) -> int:
    """Create or update the era and all its units from the fixture; return rows created or changed.

    Re-running returns 0. Units of the era that are not in the fixture (villages created
    by users, for example) are left alone; their paths follow their parents'.
    """
    if era_code not in ERA_FILES:
        raise FixtureError(
            f"Không có dữ liệu cho bản đồ {era_code!r}; chọn một trong {', '.join(ERA_CODES)}."
        )
    fixture = read_fixture(ERA_FILES[era_code])
    era, era_changed = _era_from_fixture(fixture)

    fields = ("code", "name", "level", "unit_type", "parent", "path", "depth")
    by_code: dict[str, AdminUnit] = {
        unit.code: unit for unit in AdminUnit.objects.unscoped().filter(era=era).only(*fields).order_by()
    }
    changed = int(era_changed)
    updated: list[AdminUnit] = []
    # New units get their keys up front, so their paths are known before they are written, and
    # go in with one prepared INSERT (core.bulk): bulk_create's per-row work was most of a load.
    ids = IdBlock(AdminUnit)
    writer = BulkWriter([AdminUnit])
    for level in sorted({row["level"] for row in fixture.rows}):
        new_units: list[AdminUnit] = []
        for row in (r for r in fixture.rows if r["level"] == level):
            parent = by_code[row["parent"]] if row["parent"] else None
            parent_id = parent.pk if parent else None
            unit = by_code.get(row["code"])
            if unit is None:
                unit = AdminUnit(
                    pk=ids.take(),
                    era=era,
                    code=row["code"],
                    name=row["name"],
                    level=UnitLevel(level),
                    unit_type=UnitType(row["type"]),
                    parent_id=parent_id,
                    valid_from=era.valid_from,
                    valid_to=era.valid_to,
                )
                derive_unit(unit, parent=parent)
                writer.add_instance(unit)
                new_units.append(unit)
            elif (unit.name, unit.unit_type, unit.level, unit.parent_id) != (
                row["name"],
                row["type"],
                level,
                parent_id,
            ):
                unit.name, unit.name_key = row["name"], fold(row["name"])
                unit.unit_type, unit.level, unit.parent_id = row["type"], level, parent_id
                updated.append(unit)
        by_code.update((unit.code, unit) for unit in new_units)
        changed += len(new_units)
    writer.flush(force=True)
    if writer.written[AdminUnit]:
        reset_sequences(AdminUnit)
    if updated:
        AdminUnit.objects.bulk_update(
            updated, ["name", "name_key", "unit_type", "level", "parent"], batch_size=_BATCH
        )
        changed += len(updated)
    _set_paths(era)
    return changed


def _set_paths(era: MapEra) -> int:
    """Give every unit of the era the path and depth its parent chain implies; return how many moved."""
    rows = (
        AdminUnit.objects.unscoped()
        .filter(era=era)
        .order_by("level", "pk")
        .values_list("pk", "parent", "path", "depth")  # "parent": its id, typed as nullable
    )
    computed: dict[int, tuple[str, int]] = {}
    stale: list[tuple[str, int, int]] = []
    for pk, parent_id, path, depth in rows:
        if parent_id is None:
            want = (path_segment(pk), 0)
        else:
            parent_path, parent_depth = computed[parent_id]
            want = (parent_path + path_segment(pk), parent_depth + 1)
        computed[pk] = want
        if (path, depth) != want:
            stale.append((*want, pk))
    if stale:
        # One prepared UPDATE run many times: bulk_update's CASE expressions cost seconds here.
        connection = connections[router.db_for_write(AdminUnit)]
        quote = connection.ops.quote_name
        meta = AdminUnit._meta
        # Only quoted identifiers are interpolated; the values are parameters.
        table, pk_column = quote(meta.db_table), quote(meta.pk.column)
        path_column, depth_column = quote(meta.get_field("path").column), quote("depth")
        sql = f"UPDATE {table} SET {path_column} = %s, {depth_column} = %s WHERE {pk_column} = %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, stale)
    return len(stale)


@transaction.atomic
def load_successions() -> int:
    """Create or update the 2021 → 2025 links from the fixture; return rows created or changed.

    Both eras must be loaded first. Re-running returns 0.
    """
    fixture = read_fixture(SUCCESSIONS_FILE)
    from_code, to_code = fixture.meta["from_era"], fixture.meta["to_era"]
    eras = {era.code: era for era in MapEra.objects.filter(code__in=[from_code, to_code])}
    if len(eras) != 2:
        raise FixtureError(f"Cần nạp bản đồ {from_code} và {to_code} trước khi nạp quan hệ kế thừa.")
    old = dict(
        AdminUnit.objects.unscoped()
        .filter(era=eras[from_code], level__lte=UnitLevel.COMMUNE)
        .values_list("code", "pk")
    )
    new = dict(
        AdminUnit.objects.unscoped()
        .filter(era=eras[to_code], level__lte=UnitLevel.COMMUNE)
        .values_list("code", "pk")
    )
    existing = {
        (link.predecessor_id, link.successor_id): link
        for link in UnitSuccession.objects.filter(
            predecessor__era=eras[from_code], successor__era=eras[to_code]
        )
    }
    pin = fixture.meta["source"]["pin"]
    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    missing: list[str] = []
    for row in fixture.rows:
        pred, succ = old.get(row["predecessor"]), new.get(row["successor"])
        if pred is None or succ is None:
            missing.append(f"{row['predecessor']}→{row['successor']}")
            continue
        kind, is_main, source = SuccessionKind(row["kind"]), bool(row["is_main"]), f"{pin} ({row['basis']})"
        link = existing.get((pred, succ))
        if link is None:
            to_create.append(
                UnitSuccession(
                    predecessor_id=pred, successor_id=succ, kind=kind, is_main=is_main, source=source
                )
            )
        elif (link.kind, link.is_main, link.source) != (kind, is_main, source):
            link.kind, link.is_main, link.source = kind, is_main, source
            to_update.append(link)
    if missing:
        raise FixtureError(
            f"{len(missing)} quan hệ kế thừa trỏ tới mã không có trong cơ sở dữ liệu, ví dụ {', '.join(missing[:5])}."
        )
    UnitSuccession.objects.bulk_create(to_create, batch_size=_BATCH)
    UnitSuccession.objects.bulk_update(to_update, ["kind", "is_main", "source"], batch_size=_BATCH)
    unit_links_refresh()
    return len(to_create) + len(to_update)
