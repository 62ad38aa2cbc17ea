"""Daily figures read from the counts tables against the same figures computed from the records.

On the large demo (``seed_demo --scale large``: 1,000,500 residents in the 152 communes of Tỉnh
Lào Cai, 2021 map, and its health records, all written through the apps' services so that their
counts are kept by ``count_add`` as in production), over the year that ends on the demo's day:

* ``communes_year``: every commune's figure for every day (one read each way; the counts side
  reads the packed month rows, ``SubtreeMonth``);
* ``province_year``: the province's figure by day (365 values);
* ``commune_year``: one commune's (Xã Bản Phố, the demo commune) figure by day,

for the apps' own indicators: samples taken (``labtests.samples``, all kinds, and RT-PCR only),
positive results (``labtests.positive``) and new cases (``cases.new``, all ways found). Each is
read through the counts selectors (``count_by_unit_day``, ``count_by_day``) and computed in the
same run from the raw records with the equivalent ``GROUP BY`` on their own ``(area_path, day)``
index; both answers must be equal. ratio = raw ÷ counts. Target: ≥ 50× and, on PostgreSQL,
< 200 ms for a province-year. Also timed: ``rebuild_counts`` of every indicator of the large
demo, and ``count_add`` (in its own savepoint, as a service calls it).

**A year of mass testing.** The demo's own health records are a few weeks in three communes
(a few hundred samples and cases), too few to measure a year by. So the benchmark adds, once, a
year of screening to its copy of the demo: ``SAMPLES`` samples of real residents (about two per
resident over the year) in two waves, each with its result, 80 % in a commune's screening
session, 20 % outside one (filed at the resident's village, as ``labtests.services.sample_record``
files them), written as the app's own rows (``TestSession``, ``Sample``, ``TestResult``; the
area path derived from the unit as ``derive_area`` does) by ``core.bulk.BulkWriter``. Their counts
come from ``rebuild_counts`` (the app's ``indicators.rebuild``): the demo's incremental counts are
first checked equal to the rebuilt ones (``assert_counts_rebuild_equal``), which is what makes
the two ways interchangeable. The cases stay the demo's own (its 42-day outbreak): new cases are
measured as they are, rare.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

SAMPLES = int(os.environ.get("BENCH_COUNTS_SAMPLES", "2000000"))  # smaller for a trial run
SCALE = os.environ.get("BENCH_COUNTS_SCALE", "large")  # "small" for a trial run
DAYS = 365
REPEAT = 9  # timed runs of a counts read (after one warm-up); median
RAW_REPEAT = 3  # of a raw read (seconds each on SQLite)
TARGET_RATIO = 50.0
TARGET_PG_PROVINCE_MS = 200.0
KINDS = (("rapid_antigen", 0.70), ("rt_pcr", 0.25), ("self_test", 0.05))
RESULTS = (("negative", 0.965), ("positive", 0.03), ("invalid", 0.005))
IN_SESSION = 0.8
COUNT_ADD_CALLS = 500
# The demo's parts the health figures need (residents, accounts, and the apps that keep counts);
# the others are left out of the benchmark's database (the directives demo fails at the large
# scale on this commit: its Bắc Hà letter is issued for the first commune's district).
CONTRIBUTORS = ("people", "accounts", "labtests", "cases", "homecare")
MARK = "bench/counts.py"  # the notes of the benchmark's screening sessions


def _daily_volume(days: int, total: int) -> list[int]:
    """Samples per day: a base level and two waves, summing to ``total``."""
    shape = [
        1.0 + 6.0 * math.exp(-(((day - 120) / 18) ** 2)) + 12.0 * math.exp(-(((day - 230) / 30) ** 2))
        for day in range(days)
    ]
    scale = total / sum(shape)
    volume = [round(value * scale) for value in shape]
    volume[-1] += total - sum(volume)
    return volume


def _mass_testing(province: Any, communes: list[Any], start: dt.date, log: Callable[[str], None]) -> float:
    """Write the year of screening (deterministic); returns the seconds it took."""
    from django.db import transaction

    from phaodai.core.bulk import BulkWriter, IdBlock, analyze, reset_sequences
    from phaodai.labtests.enums import PlaceKind, ResultSource
    from phaodai.labtests.models import Sample, TestResult, TestSession
    from phaodai.people.models import Person

    started = time.monotonic()
    log(f"Writing a year of screening: {SAMPLES:,} samples and their results (once; later runs reuse them)…")
    rng = random.Random(2021)
    by_path = {commune.path: commune for commune in communes}
    width = len(communes[0].path)
    residents: dict[int, list[tuple[int, int, str, int]]] = defaultdict(list)
    for pk, unit_id, path, born in (
        Person.objects.unscoped()
        .within(province.path)
        .filter(merged_into=None)
        .order_by("pk")
        .values_list("pk", "residence_unit_id", "area_path", "birth_year")
        .iterator(chunk_size=20_000)
    ):
        commune = by_path.get(path[:width])
        if commune is not None:
            residents[commune.pk].append((pk, unit_id, path, born))
    places = [c for c in communes if residents[c.pk]]
    weights = [rng.lognormvariate(0, 0.6) * len(residents[c.pk]) for c in places]
    kinds, kind_weights = [k for k, _w in KINDS], [w for _k, w in KINDS]
    results, result_weights = [r for r, _w in RESULTS], [w for _r, w in RESULTS]
    ids = {model: IdBlock(model) for model in (TestSession, Sample, TestResult)}
    for offset, volume in enumerate(_daily_volume(DAYS, SAMPLES)):
        day = start + dt.timedelta(days=offset)
        with transaction.atomic():  # a day at a time: PostgreSQL checks the deferred keys at commit
            writer = BulkWriter([TestSession, Sample, TestResult])
            for commune, taken in sorted(
                Counter(rng.choices(places, weights=weights, k=volume)).items(), key=lambda x: x[0].pk
            ):
                people = [p for p in rng.choices(residents[commune.pk], k=taken) if p[3] < day.year]
                session_id = ids[TestSession].take()
                writer.add(
                    TestSession,
                    {
                        "id": session_id,
                        "unit_id": commune.pk,
                        "area_path": commune.path,
                        "held_on": day,
                        "place_kind": PlaceKind.COMMUNE,
                        "place": f"Sàng lọc toàn {commune.name}",
                        "default_kind": "rapid_antigen",
                        "lab": "Trạm Y tế",
                        "notes": MARK,
                    },
                )
                for person_id, village_id, village_path, _born in people:
                    in_session = rng.random() < IN_SESSION
                    unit_id, path = (commune.pk, commune.path) if in_session else (village_id, village_path)
                    kind = rng.choices(kinds, weights=kind_weights)[0]
                    sample_id = ids[Sample].take()
                    writer.add(
                        Sample,
                        {
                            "id": sample_id,
                            "unit_id": unit_id,
                            "area_path": path,
                            "person_id": person_id,
                            "session_id": session_id if in_session else None,
                            "kind": kind,
                            "sampled_on": day,
                        },
                    )
                    writer.add(
                        TestResult,
                        {
                            "id": ids[TestResult].take(),
                            "unit_id": unit_id,
                            "area_path": path,
                            "person_id": person_id,
                            "sample_id": sample_id,
                            "kind": kind,
                            "sampled_on": day,
                            "result": rng.choices(results, weights=result_weights)[0],
                            "result_on": day + dt.timedelta(days=1 if kind == "rt_pcr" else 0),
                            "source": ResultSource.IMPORT,
                        },
                    )
            _write(writer)
        if offset % 60 == 59:
            log(f"  … {offset + 1} days written, {time.monotonic() - started:.0f} s")
    reset_sequences(TestSession, Sample, TestResult)
    _check_keys([TestSession, Sample, TestResult])
    analyze(TestSession, Sample, TestResult)
    return time.monotonic() - started


def _write(writer: Any) -> None:
    """Insert what ``writer`` holds: its prepared ``executemany`` on SQLite, ``COPY`` on PostgreSQL
    (the same values, converted by the model fields; executemany ran at ~500 rows/s there)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        writer.flush(force=True)
        return
    connection.ensure_connection()
    raw: Any = connection.connection
    with raw.cursor() as cursor:
        # The foreign keys are checked once for the whole load (``_check_keys``), not row by row
        # at each commit: at the large scale the deferred checks cost ~50 s a day (random reads
        # of a million residents through 128 MB of shared buffers). For this transaction only.
        cursor.execute("SET LOCAL session_replication_role = replica")
    for model, table in writer.tables.items():
        columns = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
        name = connection.ops.quote_name(model._meta.db_table)
        with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
            for row in table.rows:
                copy.write_row(row)
        table.rows = []


def _check_keys(models: list[Any]) -> None:
    """Every foreign key of the rows ``_write`` loaded without their row-by-row checks points at a
    row that exists: one anti-join per key, as PostgreSQL's own check of a new constraint does."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's keys were checked by the load itself
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.related_model._meta
                column, table = quote(field.column), quote(model._meta.db_table)
                # Quoted names of the models' own tables and columns, no value from outside.
                check = (
                    f"SELECT count(*) FROM {table} AS r WHERE r.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608
                    f"(SELECT 1 FROM {quote(target.db_table)} AS t "
                    f"WHERE t.{quote(field.target_field.column)} = r.{column})"
                )
                cursor.execute(check)
                (broken,) = cursor.fetchone()
                if broken:
                    raise SystemExit(f"{model.__name__}.{field.name}: {broken} rows point at nothing")


def _median_ms(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    action()  # warm-up: the first read pays for the cache
    times, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), answer


def _raw_by_unit_day(
    records: Any, day_field: str, province: Any, depth: int, start: dt.date, end: dt.date
) -> Any:
    """The records' figure of every unit of ``depth`` by day: one GROUP BY on (area_path, day),
    fetched as the counts selector fetches its figures, one row per unit with its days joined
    (``_unit_day_grid``: day offsets and values, where the counts join month arrays), and answered
    in the same shape."""
    from django.db import connection
    from django.db.models import Count, F
    from django.db.models.functions import Length, Substr

    from phaodai.areas.models import PATH_SEGMENT_WIDTH
    from phaodai.counts.selectors import _fetch_sql

    width = (depth + 1) * (PATH_SEGMENT_WIDTH + 1)
    rows = (
        records.within(province.path)
        .filter(**{f"{day_field}__gte": start, f"{day_field}__lte": end})
        .order_by()
        .alias(length=Length("area_path"))
        .filter(length__gte=width)
        .annotate(at=Substr("area_path", width - PATH_SEGMENT_WIDTH, PATH_SEGMENT_WIDTH), d=F(day_field))
        .values_list("at", "d")
        .annotate(n=Count("id"))
    )
    sql, params = rows.query.sql_with_params()
    if connection.vendor == "postgresql":
        joined = "string_agg((d - %s)::text, ','), string_agg(n::text, ',')"
        first: Any = start
    else:
        joined = "group_concat(CAST(julianday(d) - julianday(%s) AS INTEGER), ','), group_concat(n, ',')"
        first = start.isoformat()
    wrapped = f"SELECT at, {joined} FROM ({sql}) AS figures GROUP BY at"  # noqa: S608
    return _unit_day_grid(_fetch_sql(wrapped, (first, *params)), (end - start).days + 1)


def _unit_day_grid(rows: Iterable[tuple[Any, str, str]], days: int) -> dict[int, list[int]]:
    """Unit id → its ``days`` figures from rows of (unit id, its days as offsets from the first
    day joined, their values joined)."""
    grid: dict[int, list[int]] = {}
    for at, offsets, values in rows:
        grid[int(at)] = row = [0] * days
        for offset, value in zip(json.loads(f"[{offsets}]"), json.loads(f"[{values}]"), strict=True):
            row[offset] = value
    return grid


def _raw_by_day(records: Any, day_field: str, unit: Any, start: dt.date, end: dt.date) -> Any:
    from django.db.models import Count

    from phaodai.counts.selectors import _Days, _fetch, day_value

    rows = (
        records.within(unit.path)
        .filter(**{f"{day_field}__gte": start, f"{day_field}__lte": end})
        .order_by()
        .annotate(on=day_value(day_field))
        .values_list("on")
        .annotate(n=Count("id"))
        .order_by("on")
    )
    days = _Days()
    return {days[day]: n for day, n in _fetch(rows)}


def _count_add_ms(communes: list[Any], start: dt.date) -> float:
    """One ``count_add`` per savepoint, as a service calls it; all rolled back afterwards."""
    from django.db import transaction

    from phaodai.counts.services import count_add

    rng = random.Random(7)
    times = []
    with transaction.atomic():
        for _ in range(COUNT_ADD_CALLS):
            unit = rng.choice(communes)
            day = start + dt.timedelta(days=rng.randrange(DAYS))
            started = time.perf_counter()
            with transaction.atomic():
                count_add(unit=unit.pk, day=day, indicator="labtests.samples", dims=("rt_pcr",))
            times.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    return statistics.median(times)


def _reads(
    code: str,
    dims: dict[int, str] | None,
    records: Any,
    day_field: str,
    province: Any,
    commune: Any,
    start: dt.date,
    end: dt.date,
) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    """Each figure: (read from the counts, computed from the records)."""
    from phaodai.counts.selectors import count_by_day, count_by_unit_day

    depth = commune.depth
    return {
        "communes_year": (
            lambda: count_by_unit_day(code, unit=province, depth=depth, start=start, end=end, dims=dims),
            lambda: _raw_by_unit_day(records, day_field, province, depth, start, end),
        ),
        "province_year": (
            lambda: count_by_day(code, unit=province, start=start, end=end, dims=dims),
            lambda: _raw_by_day(records, day_field, province, start, end),
        ),
        "commune_year": (
            lambda: count_by_day(code, unit=commune, start=start, end=end, dims=dims),
            lambda: _raw_by_day(records, day_field, commune, start, end),
        ),
    }


def _figures(answer: dict[Any, Any]) -> int:
    """How many figures an answer holds (a grid's: every unit's days with a count)."""
    if _is_grid(answer):
        return sum(1 for row in answer.values() for value in row if value)
    return len(answer)


def _total(answer: dict[Any, Any]) -> int:
    return sum(sum(row) for row in answer.values()) if _is_grid(answer) else sum(answer.values())


def _is_grid(answer: dict[Any, Any]) -> bool:
    return any(isinstance(row, list) for row in answer.values())


def _vacuum(models: list[Any]) -> None:
    """Fresh statistics (and, on PostgreSQL, the visibility map an index-only scan needs) after a
    bulk load, on both sides of the race, as autovacuum would give them soon after."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else f"ANALYZE {table}"
            )
        if connection.vendor == "sqlite":
            # The rebuild's pages out of the write-ahead log into the database file, as SQLite's
            # automatic checkpoints do once no reader holds them: a read of a page still in a large
            # log looks it up there first, which would slow whichever read comes first.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def run(db_label: str) -> list[dict[str, Any]]:
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone

    from bench._common import ensure_demo
    from phaodai.accounts.demo import DEMO_COMMUNE_CODE
    from phaodai.cases.models import Case
    from phaodai.core.seeding import Scale
    from phaodai.counts.models import DailyCount, DailyTotal, SubtreeMonth, SubtreeTotal
    from phaodai.counts.rebuild import rebuild_counts
    from phaodai.counts.testing import assert_counts_rebuild_equal
    from phaodai.demo.services import demo_communes, demo_province
    from phaodai.labtests.models import Sample, TestResult, TestSession

    facts: dict[str, Any] = ensure_demo(SCALE, only=CONTRIBUTORS)
    province = demo_province()
    communes = demo_communes(province=province, scale=Scale(SCALE))
    commune = next(c for c in communes if c.code == DEMO_COMMUNE_CODE)
    end = Case.objects.unscoped().aggregate(last=Max("confirmed_on"))["last"] or timezone.localdate()
    start = end - dt.timedelta(days=DAYS - 1)
    facts.update(
        {
            "scale": SCALE,
            "source": f"{SCALE} demo + a year of screening",
            "communes": len(communes),
            "days": DAYS,
        }
    )
    facts["period"] = f"{start.isoformat()}..{end.isoformat()}"

    if not TestSession.objects.unscoped().filter(notes=MARK).exists():
        started = time.monotonic()
        # The demo as seed_demo left it: every count kept by the services equals the rebuilt one.
        assert_counts_rebuild_equal()
        print(
            f"The demo's counts kept by the services equal the rebuilt ones ({time.monotonic() - started:.1f} s)"
        )
        facts["generate_seconds"] = round(_mass_testing(province, communes, start, print), 1)
    facts["samples"] = Sample.objects.unscoped().count()
    facts["results"] = TestResult.objects.unscoped().count()
    facts["cases"] = Case.objects.unscoped().count()

    started = time.monotonic()
    rebuilt = rebuild_counts()
    rebuild_seconds = time.monotonic() - started
    written = {
        name: sum(getattr(r, name) for r in rebuilt)
        for name in ("written", "totals_written", "subtree_written", "month_written")
    }
    _vacuum([DailyCount, DailyTotal, SubtreeTotal, SubtreeMonth, Sample, TestResult, Case])
    print(
        f"rebuild_counts: {len(rebuilt)} indicators, {written['written']:,} count rows, "
        f"{written['totals_written']:,} total rows, {written['subtree_written']:,} subtree rows, "
        f"{written['month_written']:,} month rows in {rebuild_seconds:.1f} s"
    )

    positive = TestResult.objects.filter(result="positive")
    rt_pcr = Sample.objects.filter(kind="rt_pcr")
    measured = [
        ("samples", "labtests.samples", None, Sample.objects, "sampled_on"),
        ("samples_rt_pcr", "labtests.samples", {1: "rt_pcr"}, rt_pcr, "sampled_on"),
        ("positive", "labtests.positive", None, positive, "sampled_on"),
        ("cases_new", "cases.new", None, Case.objects, "confirmed_on"),
    ]
    figures: list[dict[str, Any]] = []
    for name, code, dims, records, day_field in measured:
        reads = _reads(code, dims, records, day_field, province, commune, start, end)
        for metric, (from_counts, from_records) in reads.items():
            counts_ms, counts_answer = _median_ms(from_counts, REPEAT)
            raw_ms, raw_answer = _median_ms(from_records, RAW_REPEAT)
            if counts_answer != raw_answer:
                raise SystemExit(f"{name} {metric}: the counts tables and the records disagree")
            ratio = raw_ms / counts_ms if counts_ms else None
            row: dict[str, Any] = {
                "metric": f"{name}.{metric}_ms",
                "value": round(counts_ms, 2),
                "unit": "ms",
                "reference": round(raw_ms, 2),
                "ratio": round(ratio, 1) if ratio else None,
                "target": f"≥ {TARGET_RATIO:.0f}×",
                "ok": bool(ratio and ratio >= TARGET_RATIO),
                "indicator": code,
                "dims": dims,
                "figures": _figures(counts_answer),
                "records_read": _total(raw_answer),
                **facts,
            }
            if metric == "province_year" and connection.vendor == "postgresql":
                row["target"] = f"≥ {TARGET_RATIO:.0f}× and < {TARGET_PG_PROVINCE_MS:.0f} ms"
                row["ok"] = row["ok"] and counts_ms < TARGET_PG_PROVINCE_MS
            print(
                f"  {row['metric']}: {counts_ms:.2f} ms from counts, {raw_ms:.1f} ms from records ({ratio:.1f}×)"
            )
            figures.append(row)
    figures.append(
        {
            "metric": "rebuild_counts_s",
            "value": round(rebuild_seconds, 2),
            "unit": "s",
            "reference": None,
            "ratio": None,
            "indicators": len(rebuilt),
            **written,
            **facts,
        }
    )
    figures.append(
        {
            "metric": "count_add_ms",
            "value": round(_count_add_ms(communes, start), 3),
            "unit": "ms",
            "reference": None,
            "ratio": None,
            "calls": COUNT_ADD_CALLS,
            **facts,
        }
    )
    return figures
