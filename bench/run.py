#!/usr/bin/env python
"""Run the benchmarks of ``bench/``: ``bench/run.py [NAME ...] [--db sqlite,postgresql]``.

Each ``bench/<name>.py`` (names starting with ``_`` are helpers) exposes
``run(db_label) -> list[dict]``. For every benchmark and database this script
starts a child process whose ``DATABASE_URL`` points at that database's
benchmark copy (``_common.DATABASES``; never the development database), calls
``run`` there, prints a table and appends one JSON line per figure to
``bench/results.jsonl`` with the keys ``bench metric value unit reference ratio
db scale`` plus ``machine`` and ``date``. ``ratio`` is ``reference / value``:
how many times faster than the naive way measured in the same run.

A database that cannot be reached (PostgreSQL not running) is skipped with a
message, not an error.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _common  # noqa: E402

_MARK = "@@bench-json@@"


def discover() -> list[str]:
    """Benchmark names: every ``bench/<name>.py`` except this script and helpers (``_x.py``)."""
    here = Path(__file__).resolve().parent
    return sorted(p.stem for p in here.glob("*.py") if p.stem != "run" and not p.stem.startswith("_"))


def _pg_reachable(url: str) -> str | None:
    """None when the PostgreSQL server answers (creating the benchmark database if missing), else why not."""
    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        return "psycopg is not installed"
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


def _child(name: str, db_label: str) -> None:
    """Inside the child process: Django on the benchmark database, then the benchmark's run()."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    module = importlib.import_module(f"bench.{name}")
    rows = module.run(db_label)
    print(_MARK + json.dumps(rows, ensure_ascii=False, default=str))


def _run_one(name: str, db_label: str) -> list[dict[str, Any]]:
    env = dict(
        os.environ,
        DATABASE_URL=_common.database_for(name, db_label),
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    (ROOT / "var").mkdir(exist_ok=True)
    rows: list[dict[str, Any]] = []
    with subprocess.Popen(  # noqa: S603 - this very script, with a name from discover()
        [sys.executable, str(Path(__file__).resolve()), "--child", name, db_label],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:  # progress is shown as it comes (building the demo takes minutes)
            if line.startswith(_MARK):
                rows = json.loads(line[len(_MARK) :])
            else:
                print(line, end="", flush=True)
    if process.returncode != 0:
        raise SystemExit(f"{name} on {db_label} failed (exit {process.returncode})")
    return rows


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"
    return str(value)


def _table(rows: list[dict[str, Any]]) -> str:
    columns = ("bench", "db", "metric", "value", "unit", "reference", "ratio")
    cells = [columns, *([_fmt(row.get(c)) for c in columns] for row in rows)]
    widths = [max(len(str(line[i])) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run Pháo Đài benchmarks.")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--db", default="sqlite,postgresql", help="databases, comma-separated")
    parser.add_argument("--child", nargs=2, metavar=("NAME", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    available = discover()
    names = args.names or available
    unknown = sorted(set(names) - set(available))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}")
    machine, date = _common.machine(), _common.today()
    results: list[dict[str, Any]] = []
    for db_label in args.db.split(","):
        if db_label not in _common.DATABASES:
            parser.error(f"unknown database {db_label!r}; choose from {', '.join(_common.DATABASES)}")
        if db_label == "postgresql":
            why = next(filter(None, (_pg_reachable(_common.database_for(n, db_label)) for n in names)), None)
            if why:
                print(f"PostgreSQL skipped: {why}")
                continue
        for name in names:
            print(f"== {name} on {db_label}")
            results.extend(
                {"bench": name, "db": db_label, **row, "machine": machine, "date": date}
                for row in _run_one(name, db_label)
            )
    if results:
        print(_table(results))
        with _common.RESULTS.open("a", encoding="utf-8") as handle:
            for row in results:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{len(results)} figures appended to {_common.RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
