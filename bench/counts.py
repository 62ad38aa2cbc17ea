"""Daily figures read from the counts table against the same figures computed from the records.

On the communes of the large demo (every commune of Tỉnh Lào Cai, 2021 map), over one year:

* ``communes_year``: the figure of every commune for every day (one aggregate each way);
* ``province_year``: the province's figure by day (365 values);
* ``commune_year``: one commune's figure by day.

Each is read from ``counts.DailyCount`` through the counts selectors (``count_by_unit_day``,
``count_by_day``) and computed in the same run from the raw records with the equivalent
``GROUP BY`` on their own ``(area_path, day)`` index; both answers must be equal. ratio = raw ÷
counts. Target: ≥ 50× and, on PostgreSQL, < 200 ms for a province-year. Also timed:
``rebuild_counts`` of the indicator (delete and recompute from the records) and ``count_add``
(one upsert, in its own transaction, as a service calls it).

The records: the health apps' indicators were not ready on this branch when the benchmark was
written, so it runs on **synthetic** test samples (``bench/countsapp``: unit, day, kind, result;
``SAMPLES`` rows over the year, filed at the communes, kinds and results in realistic shares,
daily volume following two epidemic waves), installed for the benchmark only and kept in a
database of its own (``_common.OWN_DATABASES``). The figures are about the table and the queries,
which do not depend on which app owns the rows.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

SAMPLES = int(os.environ.get("BENCH_COUNTS_SAMPLES", "2000000"))  # smaller for a trial run
YEAR_START, YEAR_END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
REPEAT = 5
TARGET_RATIO = 50.0
TARGET_PG_PROVINCE_MS = 200.0
INDICATOR = "bench.samples"
KINDS = (("rapid_antigen", 0.70), ("rt_pcr", 0.25), ("self_test", 0.05))
RESULTS = (("negative", 0.965), ("positive", 0.03), ("invalid", 0.005))
COUNT_ADD_CALLS = 500


def _install_bench_app() -> Any:
    """The synthetic records' app, installed in this process only; its table made if missing."""
    from django.apps import apps
    from django.conf import settings
    from django.db import connection

    if not apps.is_installed("bench.countsapp"):
        apps.set_installed_apps([*settings.INSTALLED_APPS, "bench.countsapp"])
    from bench.countsapp.models import BenchSample

    if BenchSample._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(BenchSample)
    return BenchSample


def _daily_volume(days: int, total: int) -> list[int]:
    """Samples per day: a base level and two waves (spring, summer), summing to ``total``."""
    shape = [
        1.0 + 6.0 * math.exp(-(((day - 120) / 18) ** 2)) + 12.0 * math.exp(-(((day - 230) / 30) ** 2))
        for day in range(days)
    ]
    scale = total / sum(shape)
    volume = [round(value * scale) for value in shape]
    volume[-1] += total - sum(volume)
    return volume


def _generate(model: Any, communes: list[Any], log: Callable[[str], None]) -> float:
    """Write ``SAMPLES`` synthetic samples (deterministic); returns the seconds it took."""
    from django.db import connection, transaction

    rng = random.Random(2021)
    weights = [rng.lognormvariate(0, 0.6) for _ in communes]
    kinds, kind_weights = zip(*KINDS, strict=True)
    results, result_weights = zip(*RESULTS, strict=True)
    days = (YEAR_END - YEAR_START).days + 1
    table = model._meta.db_table
    started = time.monotonic()
    log(f"Writing {SAMPLES:,} synthetic samples into {table} (once; later runs reuse them)…")
    with transaction.atomic():
        for offset, volume in enumerate(_daily_volume(days, SAMPLES)):
            day = YEAR_START + dt.timedelta(days=offset)
            chosen = rng.choices(communes, weights=weights, k=volume)
            kind = rng.choices(kinds, weights=kind_weights, k=volume)
            result = rng.choices(results, weights=result_weights, k=volume)
            rows = [(unit.pk, unit.path, day, k, r) for unit, k, r in zip(chosen, kind, result, strict=True)]
            if connection.vendor == "postgresql":
                raw = connection.connection
                with raw.cursor().copy(
                    f"COPY {table} (unit_id, area_path, day, kind, result) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {table} (unit_id, area_path, day, kind, result) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                        rows,
                    )
    return time.monotonic() - started


def _median_ms(action: Callable[[], Any]) -> tuple[float, Any]:
    action()  # warm-up: the first read pays for the cache
    times, answer = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        answer = action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), answer


def _fetch(rows: Any) -> Any:
    from phaodai.counts.selectors import _fetch as fetch

    return fetch(rows)


def _Days() -> Any:  # noqa: N802 - stands for the class
    from phaodai.counts.selectors import _Days as days

    return days()


def _raw_by_unit_day(model: Any, province: Any, depth: int) -> dict[tuple[int, dt.date], int]:
    from django.db.models import Count
    from django.db.models.functions import Length, Substr

    from phaodai.areas.models import PATH_SEGMENT_WIDTH

    width = (depth + 1) * (PATH_SEGMENT_WIDTH + 1)
    rows = (
        model.objects.within(province.path)
        .filter(day__gte=YEAR_START, day__lte=YEAR_END)
        .order_by()
        .alias(length=Length("area_path"))
        .filter(length__gte=width)
        .annotate(at=Substr("area_path", width - PATH_SEGMENT_WIDTH, PATH_SEGMENT_WIDTH))
        .values_list("at", "day")
        .annotate(n=Count("id"))
    )
    days = _Days()  # the same fetching and date conversion as the counts selectors: a fair race
    return {(int(at), days[day]): n for at, day, n in _fetch(rows)}


def _raw_by_day(model: Any, unit: Any) -> dict[dt.date, int]:
    from django.db.models import Count

    rows = (
        model.objects.within(unit.path)
        .filter(day__gte=YEAR_START, day__lte=YEAR_END)
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    days = _Days()
    return {days[day]: n for day, n in _fetch(rows)}


def _count_add_ms(communes: list[Any]) -> float:
    """One ``count_add`` per transaction, as a service calls it; rolled back afterwards."""
    from django.db import transaction

    from phaodai.counts.services import count_add

    rng = random.Random(7)
    times = []
    with transaction.atomic():
        for _ in range(COUNT_ADD_CALLS):
            unit = rng.choice(communes)
            day = YEAR_START + dt.timedelta(days=rng.randrange(365))
            started = time.perf_counter()
            with transaction.atomic():
                count_add(unit=unit, day=day, indicator=INDICATOR, dims=("rt_pcr", "positive"))
            times.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    return statistics.median(times)


def run(db_label: str) -> list[dict[str, Any]]:
    from django.core.management import call_command
    from django.db import connection

    from bench._common import _db_version
    from phaodai.areas.loaders import load_era
    from phaodai.core.seeding import Scale
    from phaodai.counts.models import DailyCount, DailyTotal
    from phaodai.counts.rebuild import rebuild_counts
    from phaodai.counts.selectors import count_by_day, count_by_unit_day
    from phaodai.demo.services import demo_communes, demo_province

    call_command("migrate", verbosity=0, interactive=False)
    if not demo_communes_loaded():
        load_era("2021")
    province = demo_province()
    communes = demo_communes(province=province, scale=Scale.LARGE)
    model = _install_bench_app()
    facts: dict[str, Any] = {
        "db_version": _db_version(connection),
        "source": "synthetic",
        "communes": len(communes),
        "days": (YEAR_END - YEAR_START).days + 1,
    }
    if model.objects.unscoped().count() != SAMPLES:
        model.objects.unscoped().all().delete()
        facts["generate_seconds"] = round(_generate(model, communes, print), 1)
    facts["records"] = model.objects.unscoped().count()

    started = time.monotonic()
    rebuilt = rebuild_counts(only=INDICATOR)
    rebuild_seconds = time.monotonic() - started
    facts["count_rows"] = DailyCount.objects.unscoped().filter(indicator=INDICATOR).count()
    facts["total_rows"] = DailyTotal.objects.unscoped().filter(indicator=INDICATOR).count()
    with connection.cursor() as cursor:
        # Fresh statistics (and, on PostgreSQL, the visibility map an index-only scan needs)
        # after a bulk load, as autovacuum would give them soon after.
        for table in (DailyCount._meta.db_table, DailyTotal._meta.db_table, model._meta.db_table):
            cursor.execute(
                f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else f"ANALYZE {table}"
            )
    print(
        f"rebuild_counts: {rebuilt[0].written:,} count rows and {rebuilt[0].totals_written:,} total rows"
        f" from {facts['records']:,} records in {rebuild_seconds:.1f} s"
    )

    depth = communes[0].depth
    commune = communes[0]
    reads = {
        "communes_year": (
            lambda: count_by_unit_day(INDICATOR, unit=province, depth=depth, start=YEAR_START, end=YEAR_END),
            lambda: _raw_by_unit_day(model, province, depth),
        ),
        "province_year": (
            lambda: count_by_day(INDICATOR, unit=province, start=YEAR_START, end=YEAR_END),
            lambda: _raw_by_day(model, province),
        ),
        "commune_year": (
            lambda: count_by_day(INDICATOR, unit=commune, start=YEAR_START, end=YEAR_END),
            lambda: _raw_by_day(model, commune),
        ),
    }
    figures: list[dict[str, Any]] = []
    for metric, (from_counts, from_records) in reads.items():
        counts_ms, counts_answer = _median_ms(from_counts)
        raw_ms, raw_answer = _median_ms(from_records)
        if counts_answer != raw_answer:
            raise SystemExit(f"{metric}: the counts table and the records disagree")
        ratio = raw_ms / counts_ms if counts_ms else None
        row: dict[str, Any] = {
            "metric": f"{metric}_ms",
            "value": round(counts_ms, 2),
            "unit": "ms",
            "reference": round(raw_ms, 2),
            "ratio": round(ratio, 1) if ratio else None,
            "target": f"≥ {TARGET_RATIO:.0f}×",
            "ok": bool(ratio and ratio >= TARGET_RATIO),
            "figures": len(counts_answer),
            **facts,
        }
        if metric == "province_year" and connection.vendor == "postgresql":
            row["target"] = f"≥ {TARGET_RATIO:.0f}× and < {TARGET_PG_PROVINCE_MS:.0f} ms"
            row["ok"] = row["ok"] and counts_ms < TARGET_PG_PROVINCE_MS
        figures.append(row)
    figures.append(
        {
            "metric": "rebuild_counts_s",
            "value": round(rebuild_seconds, 2),
            "unit": "s",
            "reference": None,
            "ratio": None,
            "written": rebuilt[0].written,
            "totals_written": rebuilt[0].totals_written,
            **facts,
        }
    )
    figures.append(
        {
            "metric": "count_add_ms",
            "value": round(_count_add_ms(communes), 3),
            "unit": "ms",
            "reference": None,
            "ratio": None,
            "calls": COUNT_ADD_CALLS,
            **facts,
        }
    )
    return figures


def demo_communes_loaded() -> bool:
    from phaodai.areas.models import AdminUnit

    return AdminUnit.objects.unscoped().filter(era__code="2021").exists()
