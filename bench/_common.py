"""What every benchmark shares: the databases, the demo data they run on, percentiles, the machine."""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.jsonl"
SQLITE_PATH = ROOT / "var" / "bench-large.sqlite3"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/phaodai_bench")

# db label -> DATABASE_URL of the benchmark database (never the development or test database).
DATABASES = {
    "sqlite": f"sqlite:///{SQLITE_PATH}",
    "postgresql": PG_URL,
}

# Benchmarks that write (imports) get databases of their own, rebuilt by the benchmark itself,
# so the demo databases the read benchmarks measure are never changed.
OWN_DATABASES = {
    # The large demo, a year of screening added to it and the counts rebuilt (bench/counts.py).
    "counts": {
        "sqlite": f"sqlite:///{ROOT / 'var' / 'bench-counts.sqlite3'}",
        "postgresql": PG_URL.rsplit("/", 1)[0] + "/phaodai_bench_counts",
    },
    "resident_import": {
        "sqlite": f"sqlite:///{ROOT / 'var' / 'bench-import.sqlite3'}",
        "postgresql": PG_URL.rsplit("/", 1)[0] + "/phaodai_bench_import",
    },
}


def database_for(name: str, db_label: str) -> str:
    """The DATABASE_URL a benchmark runs on."""
    return OWN_DATABASES.get(name, {}).get(db_label, DATABASES[db_label])


# People expected at each demo scale (seed_demo's SCALE_PEOPLE plus the deliberate duplicates).
EXPECTED_PEOPLE = {"small": 400, "medium": 95_000, "large": 950_000}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def machine() -> dict[str, Any]:
    """nproc, CPU model, memory and load: enough to compare figures across runs."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "load_1min": round(load, 2) if load is not None else None,
    }


def today() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ensure_demo(scale: str, *, log: Any = print, only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Migrate the benchmark database and build the demo at ``scale`` unless it is there already.

    Runs inside a configured Django process. Returns facts to record with the figures:
    how many people there are, the database version, and the seeding time if it ran. ``only``:
    the names of the demo contributors to run (the others are left out), for a benchmark that
    needs only some apps' records.
    """
    from unittest import mock

    from django.core.management import call_command
    from django.db import connection

    from phaodai.core.seeding import demo_contributors
    from phaodai.people.models import Person

    def chosen() -> tuple[Any, ...]:
        return tuple(c for c in demo_contributors() if only is None or c.name in only)

    call_command("migrate", verbosity=0, interactive=False)
    facts: dict[str, Any] = {"db_version": _db_version(connection)}
    people = Person.objects.count()
    if people == 0:
        log(f"Building the {scale} demo in {connection.settings_dict['NAME']} (once; later runs reuse it)…")
        started = time.monotonic()
        out = io.StringIO()
        with mock.patch("phaodai.demo.services.demo_contributors", chosen):
            call_command("seed_demo", scale=scale, seed=42, demo_database=True, stdout=out)
        facts["seed_seconds"] = round(time.monotonic() - started, 1)
        log(out.getvalue().rstrip())
        people = Person.objects.count()
    if people < EXPECTED_PEOPLE[scale]:
        raise SystemExit(
            f"{connection.settings_dict['NAME']} holds {people} people, not a {scale} demo: delete it and run again."
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after a bulk load, as autovacuum would soon
    facts["people"] = people
    return facts


def _db_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
