"""Importing 100,000 residents from an .xlsx, and exporting them again.

On a database of its own (``_common.OWN_DATABASES``: ``var/bench-import.sqlite3``, PostgreSQL
``phaodai_bench_import``), emptied of residents at the start of every run, with one commune of
20 villages and its officer. Measured in the same run on the same database:

* ``import``: ``people.services.residents_import_file`` on a 100,000-row .xlsx (name, birth
  date, sex, CCCD, phone, ethnicity, village, household code, relation), all or nothing:
  every row through ``clean_person``, matched by CCCD, name + birth + village and the duplicate
  rules, households built, written in batches. The registry starts empty, so matching works
  against the file's own earlier rows and the database lookups find nothing.
* ``raw_insert``: the same file read with python-calamine and the same rows inserted with the
  same prepared ``INSERT … executemany`` (``core.bulk``), without validation, matching,
  households or derived keys: the floor any loader has to pay.
* ``per_row_save``: a 5,000-row sample saved one ``Person.save()`` at a time, each in its own
  transaction (what a loop over the rows with the ORM does); and ``per_row_service``: the
  same through ``person_create`` (validation, audit row, duplicate lookups) per row.
* ``export_xlsx``: the 100,000 residents exported to .xlsx by ``people_export`` in a child
  process, its wall time and its peak memory (``VmHWM``: resident set high-water mark).

Targets: import within 2× of the raw insert; at least 50× faster per row than per-row saves;
export under 10 s and under 200 MB.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import ROOT

ROWS = 100_000
SAMPLE = 5_000
VILLAGES = 20
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Giàng",
    "Sùng",
    "Vàng",
    "Lò",
    "Thào",
    "Lý",
    "Ma",
    "Đặng",
    "Triệu",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Seo",
    "A",
    "Mí",
    "Đức",
    "Minh",
    "Ngọc",
    "Thu",
    "Hữu",
    "Quang",
    "Kim",
    "Xuân",
    "Hồng",
    "Chí",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Khánh",
    "Lan",
    "Minh",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Uyên",
    "Vinh",
    "Xuân",
    "Yến",
    "Páo",
    "Mai",
    "Dợ",
    "Chứ",
    "Pó",
    "Súa",
    "Sênh",
    "Tùng",
    "Hải",
    "Hùng",
    "Hoa",
    "Hằng",
    "Hương",
    "Huệ",
    "Linh",
    "Long",
    "Nam",
    "Nghĩa",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quế",
    "Quỳnh",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Tú",
    "Vân",
    "Việt",
    "Vy",
    "Đào",
    "Đông",
    "Cường",
    "Diệp",
    "Duyên",
    "Gấm",
    "Hạnh",
    "Hiền",
    "Hiếu",
    "Hòa",
    "Huy",
    "Kiên",
    "Lâm",
    "Lộc",
    "Luân",
    "Mạnh",
    "My",
    "Nhân",
]
ETHNIC = ["Kinh", "Hmông", "H'Mông", "Dao đỏ", "Tày", "Nùng", "Giáy", "Phù Lá"]


def make_rows(count: int, villages: list[str], *, seed: int = 8) -> list[list[Any]]:
    """Deterministic rows as a commune's list would have them (one household of ~4 per code)."""
    rng = random.Random(seed)
    rows: list[list[Any]] = [
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số CCCD",
            "Số điện thoại",
            "Dân tộc",
            "Thôn",
            "Mã hộ",
            "Quan hệ với chủ hộ",
        ]
    ]
    for n in range(count):
        female = rng.random() < 0.5
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 80))
        century = (0 if born.year < 2000 else 2) + (1 if female else 0)
        cccd = f"010{century}{born.year % 100:02d}{n:06d}" if rng.random() < 0.8 else ""
        phone = f"09{rng.randrange(10**8):08d}" if rng.random() < 0.6 else ""
        name = f"{rng.choice(SURNAMES)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)} {rng.choice(GIVEN)}"
        household = n // 4
        relation = "Chủ hộ" if n % 4 == 0 else rng.choice(["Vợ", "Con", "Con", "Mẹ"])
        rows.append(
            [
                n + 1,
                name,
                born.strftime("%d/%m/%Y"),
                "Nữ" if female else "Nam",
                cccd,
                phone,
                rng.choice(ETHNIC),
                villages[household % len(villages)],
                f"H{household:06d}",
                relation,
            ]
        )
    return rows


def _world() -> tuple[Any, Any, list[Any]]:
    """The commune, its villages and its officer (made once per database)."""
    from phaodai.accounts.models import User
    from phaodai.areas.models import AdminUnit
    from phaodai.areas.tests.factories import make_area_tree
    from phaodai.core.roles import Role

    commune = AdminUnit.objects.unscoped().filter(name="Xã Nhập Thử").first()
    if commune is None:
        names = [f"Thôn Nhập {n}" for n in range(1, VILLAGES + 1)]
        make_area_tree(("Tỉnh Thử Nhập", [("Huyện Thử Nhập", [("Xã Nhập Thử", names)])]))
        commune = AdminUnit.objects.unscoped().get(name="Xã Nhập Thử")
    user = User.objects.filter(username="bench_import").select_related("home_unit").first()
    if user is None:
        user = User.objects.create_user(
            username="bench_import", password=None, role=Role.COMMUNE_LEADER, home_unit=commune
        )
    villages = list(AdminUnit.objects.unscoped().filter(parent=commune).order_by("path"))
    return commune, user, villages


def _empty() -> None:
    from django.db import connection

    from phaodai.alerts.models import Alert
    from phaodai.audit.models import AccessLog, AuditEvent
    from phaodai.people.models import DuplicateCandidate, Household, Person

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = [
                m._meta.db_table
                for m in (DuplicateCandidate, Person, Household, AuditEvent, AccessLog, Alert)
            ]
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            return
    Household.objects.unscoped().update(head=None)
    DuplicateCandidate.objects.unscoped().all().delete()
    Person.objects.unscoped().update(household=None)
    for model in (Person, Household, AuditEvent, AccessLog):
        model.objects.unscoped()._raw_delete(model.objects.db)  # type: ignore[attr-defined]


def _raw_insert(path: Path, villages: list[Any]) -> float:
    """Read the file and insert its rows as they are: no validation, no matching, no households."""
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from phaodai.core.bulk import BulkWriter, reserve_ids
    from phaodai.people.models import Person
    from phaodai.sheets.pipeline import fewer_collections

    by_name = {v.name: v for v in villages}
    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]
    # The import's garbage-collector setting here too, so neither side is slowed by it.
    with fewer_collections(), transaction.atomic():
        writer = BulkWriter([Person])
        ids = reserve_ids(Person, len(rows))
        for pk, row in zip(ids, rows, strict=True):
            village = by_name[row[7]]
            day, month, year = (int(x) for x in str(row[2]).split("/"))
            writer.add(
                Person,
                {
                    "id": pk,
                    "full_name": row[1],
                    "sex": "F" if row[3] == "Nữ" else "M",
                    "birth_date": dt.date(year, month, day),
                    "birth_year": year,
                    "national_id": str(row[4] or ""),
                    "phone": str(row[5] or ""),
                    "residence_unit_id": village.pk,
                    "area_path": village.path,
                },
            )
        writer.flush(force=True)
    return time.perf_counter() - started


def _per_row_saves(rows: list[list[Any]], villages: list[Any], user: Any) -> tuple[float, float]:
    """Seconds for SAMPLE rows saved one ``save()`` each (autocommit), and through ``person_create``."""
    from phaodai.people.models import Person
    from phaodai.people.services import derive_person, person_create

    by_name = {v.name: v for v in villages}

    def values(row: list[Any]) -> dict[str, Any]:
        day, month, year = (int(x) for x in str(row[2]).split("/"))
        return {
            "full_name": row[1],
            "sex": "F" if row[3] == "Nữ" else "M",
            "birth_date": dt.date(year, month, day),
            "birth_year": year,
            "national_id": str(row[4] or ""),
            "phone": str(row[5] or ""),
            "residence_unit": by_name[row[7]],
        }

    started = time.perf_counter()
    for row in rows[1 : SAMPLE + 1]:
        person = Person(**values(row))
        derive_person(person)
        person.save()
    saves = time.perf_counter() - started
    _empty()
    started = time.perf_counter()
    for row in rows[1 : SAMPLE + 1]:
        person_create(actor=user, **values(row))
    services = time.perf_counter() - started
    return saves, services


EXPORT_CHILD = """
import json, os, sys, time
import django
django.setup()
from pathlib import Path
from phaodai.accounts.models import User
from phaodai.people.export import people_export
from phaodai.people.selectors import person_search
user = User.objects.select_related("home_unit").get(username="bench_import")
path = Path(sys.argv[1])
started = time.perf_counter()
people_export(actor=user, queryset=person_search(user=user), fmt="xlsx", purpose="benchmark", to=path)
seconds = time.perf_counter() - started
# VmHWM: this process's peak resident memory since exec (ru_maxrss would count the forked parent's).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "max_rss_mb": peak / 1024, "bytes": path.stat().st_size}))
"""


def _export(path: Path) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - this interpreter, a script of this file
        [sys.executable, "-c", EXPORT_CHILD, str(path)],
        env=dict(os.environ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def run(db_label: str) -> list[dict[str, Any]]:
    from django.core.management import call_command

    from phaodai.people.models import DuplicateCandidate, Household, Person
    from phaodai.people.services import residents_import_file
    from phaodai.sheets.pipeline import ImportMode
    from phaodai.sheets.tests.files import write_xlsx

    call_command("migrate", verbosity=0, interactive=False)
    commune, user, villages = _world()
    _empty()
    work = Path(tempfile.mkdtemp(dir=ROOT / "var"))
    rows = make_rows(ROWS, [v.name for v in villages])
    path = write_xlsx(work / "ds.xlsx", rows)
    print(f"{ROWS} rows written to {path} ({path.stat().st_size / 1e6:.1f} MB)", flush=True)

    started, cpu_started = time.perf_counter(), time.process_time()
    outcome = residents_import_file(actor=user, unit=commune, path=path, mode=ImportMode.ALL)
    imported = time.perf_counter() - started
    imported_cpu = time.process_time() - cpu_started  # this process only (not the PostgreSQL server)
    facts = {
        "line": outcome.line(),
        "review": outcome.review,
        "people": Person.objects.unscoped().count(),
        "households": Household.objects.unscoped().count(),
        "candidates": DuplicateCandidate.objects.unscoped().count(),
    }
    print(f"import: {imported:.1f} s, {facts}", flush=True)
    export = _export(work / "export.xlsx")
    print(f"export: {export}", flush=True)

    again_started = time.perf_counter()
    again = residents_import_file(actor=user, unit=commune, path=path, mode=ImportMode.ALL)
    again_seconds = time.perf_counter() - again_started
    print(f"second run: {again_seconds:.1f} s, {again.line()}", flush=True)

    _empty()
    cpu_started = time.process_time()
    raw = _raw_insert(path, villages)
    raw_cpu = time.process_time() - cpu_started
    print(f"raw insert: {raw:.1f} s", flush=True)
    _empty()
    saves, services = _per_row_saves(rows, villages, user)
    print(f"per-row: save {saves:.1f} s, service {services:.1f} s for {SAMPLE}", flush=True)
    _empty()

    per_row_import = imported / ROWS
    results = [
        {"metric": "import_100k", "value": round(imported, 2), "unit": "s", "reference": round(raw, 2),
         "ratio": round(raw / imported, 3), "target": "value <= 2 × reference", "ok": imported <= 2 * raw,
         "cpu_s": round(imported_cpu, 2), "reference_cpu_s": round(raw_cpu, 2), **facts},
        {"metric": "import_per_row_vs_save", "value": round(per_row_import * 1e6, 1), "unit": "µs/row",
         "reference": round(saves / SAMPLE * 1e6, 1), "ratio": round(saves / SAMPLE / per_row_import, 1),
         "target": "ratio >= 50", "ok": saves / SAMPLE / per_row_import >= 50},
        {"metric": "import_per_row_vs_service", "value": round(per_row_import * 1e6, 1), "unit": "µs/row",
         "reference": round(services / SAMPLE * 1e6, 1), "ratio": round(services / SAMPLE / per_row_import, 1)},
        {"metric": "import_again_100k", "value": round(again_seconds, 2), "unit": "s", "reference": None,
         "ratio": None, "line": again.line()},
        {"metric": "export_xlsx_100k", "value": round(export["seconds"], 2), "unit": "s", "reference": None,
         "ratio": None, "target": "< 10 s", "ok": export["seconds"] < 10},
        {"metric": "export_xlsx_100k_memory", "value": round(export["max_rss_mb"], 1), "unit": "MB", "reference": None,
         "ratio": None, "target": "< 200 MB", "ok": export["max_rss_mb"] < 200, "bytes": export["bytes"]},
    ]  # fmt: skip
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return [{"rows": ROWS, "db_version": _version(), **row} for row in results]


def _version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
