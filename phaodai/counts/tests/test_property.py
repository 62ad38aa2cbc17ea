"""Property: whatever sequence of creates, edits, transfers, closings, merges and deletions the
records go through, the counts kept in their transactions equal the counts rebuilt from them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from phaodai.counts.models import DailyCount, DailyTotal, SubtreeMonth, SubtreeTotal
from phaodai.counts.testing import assert_counts_rebuild_equal, kept_figures
from phaodai.counts.tests.tallyapp.services import tally_create, tally_delete, tally_edit, tally_merge

pytestmark = pytest.mark.django_db(transaction=True)

UNITS = ("Xã Bản Phố", "Xã Lùng Phình", "Xã Sán Chải", "Xã Pa Tần", "Thôn Bản Phố 1")
COLOURS = ("red", "blue", "green")
START = dt.date(2021, 7, 20)  # the days straddle July and August: two month rows

days = st.integers(min_value=0, max_value=20)
units = st.sampled_from(UNITS)
colours = st.sampled_from(COLOURS)
picks = st.integers(min_value=0, max_value=10_000)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), units, days, colours),
        st.tuples(st.just("recolour"), picks, colours),
        st.tuples(st.just("redate"), picks, days),
        st.tuples(st.just("transfer"), picks, units),
        st.tuples(st.just("close"), picks, days),
        st.tuples(st.just("reopen"), picks),
        st.tuples(st.just("merge"), picks, picks),
        st.tuples(st.just("delete"), picks),
        st.tuples(
            st.just("rebuild"),
        ),
    ),
    max_size=30,
)


def _apply(operation, alive, world_units, model):
    name, *args = operation
    if name == "create":
        unit, day, colour = args
        alive.append(tally_create(unit=world_units[unit], day=START + dt.timedelta(days=day), colour=colour))
        return
    if name == "rebuild":
        call_command("rebuild_counts", stdout=io.StringIO())
        return
    if not alive:
        return
    index = args[0] % len(alive)
    tally = model.objects.unscoped().get(pk=alive[index].pk)
    if name == "recolour":
        alive[index] = tally_edit(tally, colour=args[1])
    elif name == "redate":
        alive[index] = tally_edit(tally, day=START + dt.timedelta(days=args[1]))
    elif name == "transfer":
        alive[index] = tally_edit(tally, unit=world_units[args[1]])
    elif name == "close":
        alive[index] = tally_edit(tally, closed_on=tally.day + dt.timedelta(days=args[1]))
    elif name == "reopen":
        alive[index] = tally_edit(tally, closed_on=None)
    elif name == "merge":
        other = args[1] % len(alive)
        if other != index:
            tally_merge(tally, model.objects.unscoped().get(pk=alive[other].pk))
            alive.pop(other)
    elif name == "delete":
        tally_delete(tally)
        alive.pop(index)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=operations)
@example(
    sequence=[
        ("create", "Thôn Bản Phố 1", 0, "red"),
        ("create", "Xã Sán Chải", 3, "blue"),
        ("close", 0, 2),
        ("transfer", 0, "Xã Pa Tần"),
        ("redate", 1, 5),
        ("merge", 0, 1),
        ("reopen", 0),
        ("recolour", 0, "green"),
        ("create", "Xã Bản Phố", 1, "red"),
        ("delete", 1),
    ]
)
def test_incremental_counts_always_equal_the_rebuilt_ones(units, tally_table, sequence):
    tally_table.objects.unscoped().delete()
    DailyCount.objects.unscoped().delete()
    DailyTotal.objects.unscoped().delete()
    SubtreeTotal.objects.unscoped().delete()
    SubtreeMonth.objects.unscoped().delete()
    alive: list[Any] = []

    for operation in sequence:
        _apply(operation, alive, units, tally_table)

    assert_counts_rebuild_equal()
    kept = kept_figures()
    kept_months = kept_figures(months=True)
    call_command("rebuild_counts", stdout=io.StringIO())
    assert kept_figures() == kept
    assert kept_figures(months=True) == kept_months
    made = sum(
        value
        for (code, _unit, _day, dim1, _dim2), value in kept.items()
        if code == "tally.made" and dim1 == "*"
    )
    assert made == len(alive)
