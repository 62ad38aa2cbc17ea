"""Extract the administrative units of the 2021 and 2025 maps into committed fixtures.

Usage::

    .venv/bin/python tools/extract_units.py [--out phaodai/areas/data]

Reads three exact PyPI releases (downloaded with ``pip download --no-deps`` into a
temporary directory when the unpacked copies under /tmp are missing):

* ``vietnam-provinces==0.4.3``: the 2021 map, 63 provinces / 705 districts / 10,603 communes;
* ``vietnam-provinces==2025.10.1``: the 2025 map, 34 provinces / 3,321 communes;
* ``vietnamadminunits==1.0.4``: the legacy (63-province, January 2025) → 2025 ward converter.

and writes three gzip'd JSON files, byte-for-byte deterministic (sorted rows, gzip mtime 0):

* ``units_2021.json.gz`` and ``units_2025.json.gz``:
  ``{"meta": {...}, "columns": ["code", "name", "level", "type", "parent"], "rows": [...]}``
* ``successions_2021_2025.json.gz``:
  ``{"meta": {...}, "columns": ["level", "predecessor", "successor", "kind", "is_main", "basis"], ...}``

How 2021 communes are linked to 2025 communes (see ``build_successions``):

1. The converter speaks of *legacy* wards (the January 2025 list, after the 2023–2025
   mergers). A GSO code never changes while its unit exists (Decision 124/2004/QĐ-TTg), so a
   legacy ward whose code is in the 2021 list *is* that 2021 commune, possibly enlarged or
   renamed: basis ``code``.
2. A 2021 commune whose code is gone from the legacy list was merged into a neighbour between
   2023 and 2025. When exactly one legacy ward of the same 2021 district carries its name (as
   its current name or as a recorded former name, ``wardAlias``), the 2021 commune inherits that
   ward's 2025 successors: basis ``former_name``. The others stay unlinked.
3. Island districts without communes in 2021 are linked at district level to the special zone
   (đặc khu) that replaced them; provinces are linked from ``DICT_PROVINCE``.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "phaodai" / "areas" / "data"
# Where the wheels may already be unzipped (/tmp/vp043, /tmp/vp2025, /tmp/vau).
UNPACKED = Path(tempfile.gettempdir())


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    module: str
    files: tuple[str, ...]  # paths inside the wheel that we read
    unpacked: Path  # where a previous run (or a person) already unzipped the wheel
    licence: str
    homepage: str

    @property
    def pin(self) -> str:
        return f"{self.name}=={self.version}"


VP_2021 = Package(
    name="vietnam-provinces",
    version="0.4.3",
    module="vietnam_provinces",
    files=("vietnam_provinces/data/nested-divisions.json",),
    unpacked=UNPACKED / "vp043",
    licence="GPL-3.0-or-later (package); data: General Statistics Office of Viet Nam (GSO)",
    homepage="https://github.com/sunshine-tech/VietnamProvinces",
)
VP_2025 = Package(
    name="vietnam-provinces",
    version="2025.10.1",
    module="vietnam_provinces",
    files=("vietnam_provinces/data/nested-divisions.json",),
    unpacked=UNPACKED / "vp2025",
    licence=(
        "no licence field in the 2025.10.1 wheel; the project is GPL-3.0-or-later; "
        "data: General Statistics Office of Viet Nam (GSO), Decision 19/2025/QĐ-TTg"
    ),
    homepage="https://github.com/sunshine-tech/VietnamProvinces",
)
VAU = Package(
    name="vietnamadminunits",
    version="1.0.4",
    module="vietnamadminunits",
    files=("vietnamadminunits/data/converter_2025.json", "vietnamadminunits/data/dataset.db"),
    unpacked=UNPACKED / "vau",
    licence="MIT (Copyright (c) 2025 Tran Ngoc Minh Hieu)",
    homepage="https://github.com/tranngocminhhieu/vietnamadminunits",
)

ERA_2021 = {
    "code": "2021",
    "name": "Bản đồ hành chính 2021 (63 tỉnh, 3 cấp)",
    "valid_from": "2021-02-03",
    "valid_to": "2025-06-30",
    "legal_source": "Quyết định 124/2004/QĐ-TTg; danh mục GSO 02/2021",
}
ERA_2025 = {
    "code": "2025",
    "name": "Bản đồ hành chính 2025 (34 tỉnh, 2 cấp)",
    "valid_from": "2025-07-01",
    "valid_to": None,
    "legal_source": "Nghị quyết 202/2025/QH15; Quyết định 19/2025/QĐ-TTg",
}

# division_type in vietnam-provinces → phaodai.areas.enums.UnitType value.
UNIT_TYPES = {
    "thành phố trung ương": "thanh_pho_tw",
    "tỉnh": "tinh",
    "thành phố": "thanh_pho",
    "quận": "quan",
    "huyện": "huyen",
    "thị xã": "thi_xa",
    "xã": "xa",
    "phường": "phuong",
    "thị trấn": "thi_tran",
    "đặc khu": "dac_khu",
}
LEVEL_PROVINCE, LEVEL_DISTRICT, LEVEL_COMMUNE = 1, 2, 3
CODE_WIDTH = {LEVEL_PROVINCE: 2, LEVEL_DISTRICT: 3, LEVEL_COMMUNE: 5}

UNIT_COLUMNS = ["code", "name", "level", "type", "parent"]
SUCCESSION_COLUMNS = ["level", "predecessor", "successor", "kind", "is_main", "basis"]


# --------------------------------------------------------------------------- sources


def package_dir(package: Package, workdir: Path) -> Path:
    """A directory holding the package's data files: the unpacked copy, or a fresh download."""
    if all((package.unpacked / name).exists() for name in package.files):
        return package.unpacked
    target = workdir / f"{package.module}-{package.version}"
    if all((target / name).exists() for name in package.files):
        return target
    wheels = workdir / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    print(f"Downloading {package.pin} …", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(wheels),
            package.pin,
        ],
        check=True,
    )
    prefix = f"{package.module}-{package.version}-"
    wheel = next(p for p in wheels.iterdir() if p.name.startswith(prefix) and p.suffix == ".whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in package.files:
            archive.extract(name, target)
    return target


def code(value: int | str, level: int) -> str:
    return f"{int(value):0{CODE_WIDTH[level]}d}"


def unit_type(division_type: str) -> str:
    try:
        return UNIT_TYPES[division_type]
    except KeyError:
        raise SystemExit(f"Unknown division_type {division_type!r}: extend UNIT_TYPES") from None


# --------------------------------------------------------------------------- units


def build_units_2021(nested: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for province in nested:
        p_code = code(province["code"], LEVEL_PROVINCE)
        rows.append([p_code, province["name"], LEVEL_PROVINCE, unit_type(province["division_type"]), None])
        for district in province["districts"]:
            d_code = code(district["code"], LEVEL_DISTRICT)
            rows.append(
                [d_code, district["name"], LEVEL_DISTRICT, unit_type(district["division_type"]), p_code]
            )
            rows.extend(
                [
                    code(ward["code"], LEVEL_COMMUNE),
                    ward["name"],
                    LEVEL_COMMUNE,
                    unit_type(ward["division_type"]),
                    d_code,
                ]
                for ward in district["wards"]
            )
    return sorted(rows, key=lambda row: (row[2], row[0]))


def full_province_name(province: dict[str, Any]) -> str:
    """2025.10.1 names a tỉnh without its kind ("An Giang"); give it the full name ("Tỉnh An Giang")
    as the 2021 list and the centrally-run cities ("Thành phố Hà Nội") have it."""
    name = province["name"]
    if province["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
        return f"Tỉnh {name}"
    return name


def build_units_2025(nested: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for province in nested:
        p_code = code(province["code"], LEVEL_PROVINCE)
        rows.append(
            [p_code, full_province_name(province), LEVEL_PROVINCE, unit_type(province["division_type"]), None]
        )
        rows.extend(
            [
                code(ward["code"], LEVEL_COMMUNE),
                ward["name"],
                LEVEL_COMMUNE,
                unit_type(ward["division_type"]),
                p_code,
            ]
            for ward in province["wards"]
        )
    return sorted(rows, key=lambda row: (row[2], row[0]))


def counts_by(rows: list[list[Any]]) -> dict[str, Any]:
    levels = collections.Counter(str(row[2]) for row in rows)
    types = collections.Counter(row[3] for row in rows)
    return {"by_level": dict(sorted(levels.items())), "by_type": dict(sorted(types.items()))}


# --------------------------------------------------------------------------- successions


def name_key(text: str) -> str:
    """The converter's key form of a name: "Phường Trúc Bạch" → "phuongtrucbach"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def exact_name(text: str) -> str:
    """A name compared with its diacritics: NFC, one space, one kind of dash, lower case."""
    text = unicodedata.normalize("NFC", text).replace("–", "-").lower()
    return " ".join(text.split())


def build_successions(
    units_2021: list[list[Any]],
    units_2025: list[list[Any]],
    converter: dict[str, Any],
    db: sqlite3.Connection,
) -> tuple[list[list[Any]], dict[str, Any]]:
    communes_2021 = {row[0]: row for row in units_2021 if row[2] == LEVEL_COMMUNE}
    districts_2021 = {row[0]: row for row in units_2021 if row[2] == LEVEL_DISTRICT}
    provinces_2021 = {row[0] for row in units_2021 if row[2] == LEVEL_PROVINCE}
    codes_2025 = {row[0] for row in units_2025}

    # Legacy (January 2025) wards: "province_district_ward" key → (ward code, district code).
    legacy: dict[str, tuple[str | None, str]] = {}
    legacy_names: dict[tuple[str, str], set[str]] = collections.defaultdict(
        set
    )  # (district, name key) → codes
    legacy_province: dict[str, str] = {}
    legacy_codes: set[str] = set()
    for p_key, d_key, w_key, w_code, d_code, p_code, alias in db.execute(
        "SELECT provinceKey, districtKey, wardKey, wardCode, districtCode, provinceCode, wardAlias"
        " FROM admin_units_legacy"
    ):
        legacy[f"{p_key}_{d_key}_{w_key or ''}"] = (w_code, d_code)
        legacy_province[p_key] = p_code
        if w_code:
            legacy_codes.add(w_code)
            for key in {w_key, *(json.loads(alias) if alias else [])}:
                legacy_names[(d_code, key)].add(w_code)
    # 2025 wards: the converter's own 2025 codes are a pre-publication list that differs from
    # GSO's (vietnam-provinces 2025.10.1) for about 130 wards, so they are matched by name
    # within the province instead.
    by_name: dict[tuple[str, str], list[list[Any]]] = collections.defaultdict(list)
    for row in units_2025:
        if row[2] == LEVEL_COMMUNE:
            by_name[(row[4], name_key(row[1]))].append(row)
    new_ward: dict[tuple[str, str], str] = {}
    new_province: dict[str, str] = {}
    converter_codes_differ = 0
    for p_key, w_key, w_code, p_code, w_name in db.execute(
        "SELECT provinceKey, wardKey, wardCode, provinceCode, ward FROM admin_units"
    ):
        candidates = by_name.get((p_code, name_key(w_name)), [])
        if len(candidates) > 1:
            candidates = [row for row in candidates if exact_name(row[1]) == exact_name(w_name)]
        if len(candidates) != 1:
            raise SystemExit(f"2025 ward {w_name!r} (province {p_code}) matches {len(candidates)} units")
        new_ward[(p_key, w_key)] = candidates[0][0]
        converter_codes_differ += candidates[0][0] != w_code
        new_province[p_key] = p_code

    # Legacy ward code (or island district code) → {2025 code: (split?, is_main)}.
    targets: dict[str, dict[str, tuple[bool, bool]]] = collections.defaultdict(dict)
    unresolved: list[str] = []
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for w_key, old_keys in wards.items():
            successor = new_ward[(p_key, w_key)]
            for old_key in old_keys:
                if old_key not in legacy:
                    unresolved.append(old_key)
                    continue
                w_code, d_code = legacy[old_key]
                targets[w_code or d_code][successor] = (False, True)
    for p_key, parts in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in parts.items():
            w_code, d_code = legacy[old_key]
            for new in news:
                targets[w_code or d_code][new_ward[(p_key, new["newWardKey"])]] = (
                    True,
                    bool(new["isDefaultNewWard"]),
                )
    if unresolved:
        raise SystemExit(f"Legacy keys missing from admin_units_legacy: {unresolved[:5]}")

    # 2021 commune → legacy ward code, by code or by former name within its 2021 district.
    via: dict[str, tuple[str, str]] = {}  # 2021 code → (legacy code, basis)
    for c_code, row in communes_2021.items():
        if c_code in legacy_codes:
            via[c_code] = (c_code, "code")
            continue
        found = legacy_names.get((row[4], name_key(row[1])), set())
        if len(found) == 1:
            via[c_code] = (next(iter(found)), "former_name")
    for d_code in districts_2021:
        if d_code in targets:  # island districts: the legacy row has no ward
            via[d_code] = (d_code, "code")

    links: dict[tuple[str, str], list[Any]] = {}
    for pred, (legacy_code, basis) in via.items():
        level = LEVEL_COMMUNE if pred in communes_2021 else LEVEL_DISTRICT
        for successor, (split, is_main) in targets.get(legacy_code, {}).items():
            if successor not in codes_2025:
                raise SystemExit(f"2025 code {successor} is not in the 2025 unit list")
            links[(pred, successor)] = [
                level,
                pred,
                successor,
                "split" if split else "merged",
                is_main,
                basis,
            ]

    # "same": a whole 2021 unit that is the only predecessor of its only successor.
    successors_of = collections.Counter(link[1] for link in links.values())
    predecessors_of = collections.Counter(link[2] for link in links.values())
    for link in links.values():
        if link[3] == "merged" and successors_of[link[1]] == 1 and predecessors_of[link[2]] == 1:
            link[3] = "same"

    province_links: list[list[Any]] = []
    old_to_new = collections.defaultdict(list)
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old_to_new[old_key].append(new_province[new_key])
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        successor = new_province[new_key]
        for old_key in old_keys:
            pred = legacy_province[old_key]
            if pred not in provinces_2021 or successor not in codes_2025:
                raise SystemExit(f"Province link {pred} → {successor} names an unknown code")
            kind = "same" if len(old_keys) == 1 and len(old_to_new[old_key]) == 1 else "merged"
            province_links.append([LEVEL_PROVINCE, pred, successor, kind, True, "code"])

    rows = sorted([*province_links, *links.values()], key=lambda r: (r[0], r[1], r[2]))
    linked = {r[1] for r in rows if r[0] == LEVEL_COMMUNE}
    by_basis = collections.Counter(r[5] for r in rows if r[0] == LEVEL_COMMUNE)
    linked_by_basis = {
        basis: len({r[1] for r in rows if r[0] == LEVEL_COMMUNE and r[5] == basis})
        for basis in sorted(by_basis)
    }
    successors_linked = {r[2] for r in rows if r[0] in (LEVEL_DISTRICT, LEVEL_COMMUNE)}
    stats = {
        "links": len(rows),
        "links_by_level": dict(sorted(collections.Counter(str(r[0]) for r in rows).items())),
        "links_by_kind": dict(sorted(collections.Counter(r[3] for r in rows).items())),
        "communes_2021": len(communes_2021),
        "communes_2021_linked": len(linked),
        "communes_2021_linked_by_basis": linked_by_basis,
        "communes_2021_unlinked": len(communes_2021) - len(linked),
        "island_districts_linked": sum(1 for r in rows if r[0] == LEVEL_DISTRICT),
        "communes_2025": sum(1 for r in units_2025 if r[2] == LEVEL_COMMUNE),
        "communes_2025_with_predecessor": len(successors_linked),
        "provinces_2025_with_predecessor": len({r[2] for r in province_links}),
        "converter_2025_codes_differing_from_gso": converter_codes_differ,
    }
    return rows, stats


# --------------------------------------------------------------------------- output


def write_fixture(path: Path, meta: dict[str, Any], columns: list[str], rows: list[list[Any]]) -> None:
    body = {"meta": meta, "columns": columns, "rows": rows}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as archive:
        archive.write(text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())
    print(
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} rows, {path.stat().st_size:,} bytes"
    )


def source_meta(package: Package, files: tuple[str, ...]) -> dict[str, Any]:
    return {
        "package": package.name,
        "version": package.version,
        "pin": package.pin,
        "files": list(files),
        "licence": package.licence,
        "homepage": package.homepage,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="phaodai-units-") as tmp:
        workdir = Path(tmp)
        dir_2021 = package_dir(VP_2021, workdir)
        dir_2025 = package_dir(VP_2025, workdir)
        dir_vau = package_dir(VAU, workdir)
        nested_2021 = json.loads((dir_2021 / VP_2021.files[0]).read_text(encoding="utf-8"))
        nested_2025 = json.loads((dir_2025 / VP_2025.files[0]).read_text(encoding="utf-8"))
        converter = json.loads((dir_vau / VAU.files[0]).read_text(encoding="utf-8"))
        db = sqlite3.connect(f"file:{dir_vau / VAU.files[1]}?mode=ro", uri=True)
        try:
            units_2021 = build_units_2021(nested_2021)
            units_2025 = build_units_2025(nested_2025)
            successions, stats = build_successions(units_2021, units_2025, converter, db)
        finally:
            db.close()

    write_fixture(
        args.out / "units_2021.json.gz",
        {"era": ERA_2021, "source": source_meta(VP_2021, VP_2021.files), "counts": counts_by(units_2021)},
        UNIT_COLUMNS,
        units_2021,
    )
    write_fixture(
        args.out / "units_2025.json.gz",
        {
            "era": ERA_2025,
            "source": source_meta(VP_2025, VP_2025.files),
            "counts": counts_by(units_2025),
            "names": "provinces of type tỉnh are given the prefix 'Tỉnh ' (the source names them without it)",
        },
        UNIT_COLUMNS,
        units_2025,
    )
    write_fixture(
        args.out / "successions_2021_2025.json.gz",
        {
            "from_era": "2021",
            "to_era": "2025",
            "source": source_meta(VAU, VAU.files),
            "units_from": VP_2021.pin,
            "units_to": VP_2025.pin,
            "basis": {
                "code": "the legacy ward (or island district) has the 2021 unit's GSO code",
                "former_name": (
                    "the 2021 code was closed in the 2023–2025 mergers; the only legacy ward of the same "
                    "2021 district bearing its name (current or wardAlias) is taken as the unit it merged into"
                ),
            },
            "kinds": {
                "same": "a whole 2021 unit, sole predecessor of its sole successor",
                "merged": "a whole 2021 unit went into the successor, with others",
                "split": "part of a divided legacy ward; is_main marks the converter's default new ward",
            },
            "stats": stats,
        },
        SUCCESSION_COLUMNS,
        successions,
    )
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
