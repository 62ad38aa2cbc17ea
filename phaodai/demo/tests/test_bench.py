"""The benchmark harness and the person_search benchmark, run tiny on the small demo."""

from __future__ import annotations

import pytest

from bench import person_search as bench_search
from bench._common import percentile
from bench.run import _table, discover
from phaodai.accounts.models import User


def test_percentile_interpolates_between_ranks():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([float(n) for n in range(1, 101)], 95) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0


def test_discover_finds_the_benchmarks_but_not_the_helpers():
    assert discover() == ["counts", "person_search", "resident_import"]


def test_table_lines_up_columns():
    rows = [
        {"bench": "b", "db": "sqlite", "metric": "m.p95", "value": 1.234, "unit": "ms", "reference": 250.0}
    ]
    assert _table(rows).splitlines() == [
        "bench  db      metric  value  unit  reference  ratio",
        "b      sqlite  m.p95   1.23   ms    250.0      —",
    ]


@pytest.mark.django_db
def test_queries_are_drawn_from_real_rows_deterministically(small_demo):
    user = User.objects.get(username="canbo.xa")

    drawn = bench_search.draw_queries(user, count=5)

    assert drawn == bench_search.draw_queries(user, count=5)
    assert sorted(drawn) == sorted(bench_search.KINDS)
    assert all(len(pairs) == 5 for pairs in drawn.values())
    assert all(len(fast.split(" ")) == 2 and fast.isascii() for fast, _typed in drawn["name_prefix"])
    assert all(fast == typed and len(fast) == 12 for fast, typed in drawn["national_id"])
    assert all(fast == typed and len(fast) == 10 for fast, typed in drawn["phone"])


@pytest.mark.django_db
def test_measure_finds_every_drawn_query_as_both_users(small_demo):
    users = {
        kind: User.objects.select_related("home_unit").get(username=name)
        for kind, name in bench_search.USERS.items()
    }

    rows = bench_search.measure(users, queries=5, reference_queries=2)

    assert [row["metric"] for row in rows[:4]] == [
        "name_prefix.province.p50",
        "name_prefix.province.p95",
        "full_name.province.p50",
        "full_name.province.p95",
    ]
    assert len(rows) == 2 * len(bench_search.KINDS) * 2
    assert all(row["misses"] == 0 and row["median_results"] >= 1 for row in rows)
    assert all(row["value"] > 0 and row["reference"] > 0 and row["unit"] == "ms" for row in rows)
    assert all(row["ratio"] == round(row["reference"] / row["value"], 1) for row in rows)
    assert {row["target"] for row in rows if row["metric"].endswith("p95")} == {50.0}
