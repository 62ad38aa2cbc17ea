"""Keeping counts: count_add and count_move, read back by subtree and period."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from phaodai.counts.indicators import UnknownIndicatorError
from phaodai.counts.models import DailyCount, DailyTotal
from phaodai.counts.selectors import (
    Ask,
    count_by_child,
    count_by_day,
    count_by_dim,
    count_by_unit_day,
    count_total,
    figures_of,
    indicator_rows,
    stock_by_day,
    stock_on,
)
from phaodai.counts.services import CountKey, count_add, count_move

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally_indicators")]

D1, D2, D3 = dt.date(2021, 8, 1), dt.date(2021, 8, 2), dt.date(2021, 8, 3)


def test_count_add_creates_then_adds_to_one_row_and_its_total(units):
    commune = units["Xã Bản Phố"]

    count_add(unit=commune, day=D1, indicator="tally.made", dims=["red"])
    count_add(unit=commune.pk, day=D1, indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=commune.pk, day=D1, indicator="tally.made", dims=["blue"])
    count_add(unit=commune.pk, day=D1, indicator="tally.open")

    rows = DailyCount.objects.unscoped().order_by("indicator", "dim1")
    totals = DailyTotal.objects.unscoped().all()
    assert [(r.unit_id, r.area_path, r.day, r.indicator, r.dim1, r.dim2, r.value) for r in rows] == [
        (commune.pk, commune.path, D1, "tally.made", "blue", "", 1),
        (commune.pk, commune.path, D1, "tally.made", "red", "", 3),
        (commune.pk, commune.path, D1, "tally.open", "", "", 1),
    ]
    assert [(r.unit_id, r.area_path, r.indicator, r.dim1, r.dim2, r.value) for r in totals] == [
        (commune.pk, commune.path, "tally.made", "*", "", 4)
    ]


def test_a_two_dimension_count_keeps_the_totals_of_each_dimension(units):
    from phaodai.counts.services import stored_keys

    assert stored_keys(2, ["rt_pcr", "positive"]) == [
        ("rt_pcr", "positive"),
        ("rt_pcr", "*"),
        ("*", "positive"),
        ("*", "*"),
    ]
    assert stored_keys(0, []) == [("", "")]
    with pytest.raises(ValueError, match="kept for the totals"):
        count_add(unit=units["Xã Bản Phố"], day=D1, indicator="tally.made", dims=["*"])


def test_wrong_dimensions_or_indicator_are_programming_errors(units):
    commune = units["Xã Bản Phố"]

    with pytest.raises(ValueError, match="dimensions"):
        count_add(unit=commune, day=D1, indicator="tally.made")
    with pytest.raises(ValueError, match="no position 2"):
        count_total("tally.made", unit=commune, start=D1, end=D1, dims={2: "x"})
    with pytest.raises(UnknownIndicatorError):
        count_add(unit=commune, day=D1, indicator="no.such")
    assert not DailyCount.objects.unscoped().exists()


def test_reads_over_a_subtree_and_a_period(units):
    ban_pho, lung_phinh, san_chai, pa_tan = (
        units[name] for name in ("Xã Bản Phố", "Xã Lùng Phình", "Xã Sán Chải", "Xã Pa Tần")
    )
    count_add(unit=ban_pho, day=D1, indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=ban_pho, day=D2, indicator="tally.made", dims=["blue"])
    count_add(unit=lung_phinh, day=D2, indicator="tally.made", dims=["red"], delta=4)
    count_add(unit=san_chai, day=D3, indicator="tally.made", dims=["red"], delta=8)
    count_add(unit=pa_tan, day=D1, indicator="tally.made", dims=["red"], delta=100)
    province, district = units["Tỉnh Lào Cai"], units["Huyện Bắc Hà"]

    assert count_total("tally.made", unit=province, start=D1, end=D3) == 15
    assert count_total("tally.made", unit=district, start=D2, end=D3) == 5
    assert count_total("tally.made", unit=province, start=D1, end=D3, dims={1: "red"}) == 14
    assert count_by_day("tally.made", unit=district, start=D1, end=D3) == {D1: 2, D2: 5}
    assert count_by_child("tally.made", unit=province, start=D1, end=D3) == {
        district.pk: 7,
        units["Huyện Si Ma Cai"].pk: 8,
    }
    assert count_by_child("tally.made", unit=district, start=D1, end=D1) == {ban_pho.pk: 2}
    assert count_by_dim("tally.made", unit=province, start=D1, end=D3, dim=1) == {"red": 14, "blue": 1}


def test_several_figures_of_a_unit_in_one_query_answer_as_each_read_alone(units, django_assert_num_queries):
    ban_pho, lung_phinh = units["Xã Bản Phố"], units["Xã Lùng Phình"]
    count_add(unit=ban_pho, day=D1, indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=ban_pho, day=D2, indicator="tally.made", dims=["blue"])
    count_add(unit=lung_phinh, day=D3, indicator="tally.made", dims=["red"], delta=4)
    count_add(unit=ban_pho, day=D1, indicator="tally.open", delta=3)
    count_add(unit=lung_phinh, day=D3, indicator="tally.open", delta=-1)
    district = units["Huyện Bắc Hà"]
    asks = {
        "made": Ask("tally.made", D3, D2),
        "red": Ask("tally.made", D3, D1, dims={1: "red"}),
        "open_d2": Ask("tally.open", D2),
        "open_d3": Ask("tally.open", D3),
    }

    with django_assert_num_queries(1):
        found = figures_of(district, asks)

    assert found == {"made": 5, "red": 6, "open_d2": 3, "open_d3": 2}
    assert found == {
        "made": count_total("tally.made", unit=district, start=D2, end=D3),
        "red": count_total("tally.made", unit=district, start=D1, end=D3, dims={1: "red"}),
        "open_d2": stock_on("tally.open", unit=district, on=D2),
        "open_d3": stock_on("tally.open", unit=district, on=D3),
    }
    assert figures_of(ban_pho, {"open": Ask("tally.open", D3)}) == {"open": 3}


def test_count_move_between_keys_and_on_create_and_delete(units):
    ban_pho, san_chai = units["Xã Bản Phố"], units["Xã Sán Chải"]
    first = CountKey(ban_pho.pk, D1, "tally.made", ("red",))
    moved = CountKey(san_chai.pk, D2, "tally.made", ("blue",))

    count_move(None, first)
    count_move(first, first)
    count_move(first, moved)
    province = units["Tỉnh Lào Cai"]
    after_move = count_by_dim("tally.made", unit=province, start=D1, end=D3, dim=1)
    count_move(moved, None)

    assert after_move == {"red": 0, "blue": 1}
    assert count_total("tally.made", unit=province, start=D1, end=D3) == 0


def test_a_stock_is_read_as_a_running_total(units):
    ban_pho = units["Xã Bản Phố"]
    count_add(unit=ban_pho, day=D1, indicator="tally.open", delta=3)
    count_add(unit=ban_pho, day=D3, indicator="tally.open", delta=-1)
    district = units["Huyện Bắc Hà"]

    assert stock_on("tally.open", unit=district, on=D1 - dt.timedelta(days=1)) == 0
    assert stock_on("tally.open", unit=district, on=D2) == 3
    assert stock_by_day("tally.open", unit=district, start=D2, end=D3 + dt.timedelta(days=1)) == {
        D2: 3,
        D3: 2,
        D3 + dt.timedelta(days=1): 2,
    }


def test_the_indicator_table_follows_the_declarations(units, settings):
    # the test app's rows (the installed apps' own indicators are there too)
    rows = list(
        indicator_rows().filter(app="counts_tallyapp").values_list("code", "name", "dims", "stock", "app")
    )

    assert rows == [
        ("tally.made", "Phiếu đếm thử", ["colour"], False, "counts_tallyapp"),
        ("tally.open", "Phiếu đang mở", [], True, "counts_tallyapp"),
    ]


def test_count_by_unit_day_groups_a_subtree_by_the_units_of_one_depth(units):
    ban_pho, village, lung_phinh = units["Xã Bản Phố"], units["Thôn Bản Phố 1"], units["Xã Lùng Phình"]
    count_add(unit=village, day=D1, indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=ban_pho, day=D1, indicator="tally.made", dims=["blue"])
    count_add(unit=lung_phinh, day=D2, indicator="tally.made", dims=["red"], delta=4)
    count_add(unit=units["Huyện Bắc Hà"], day=D2, indicator="tally.made", dims=["red"], delta=100)

    found = count_by_unit_day("tally.made", unit=units["Tỉnh Lào Cai"], depth=ban_pho.depth, start=D1, end=D3)

    assert found == {ban_pho.pk: [3, 0, 0], lung_phinh.pk: [0, 4, 0]}


def test_count_by_unit_day_answers_every_day_of_every_unit_that_has_a_count(units):
    # Each unit's days come back joined in one row (``_Joined``, days as offsets from the start):
    # several days per unit, a day whose count went back to zero is 0, a dimension's filter is
    # kept, and a unit with nothing counted in the period (Lùng Phình's blue) is left out.
    ban_pho, village, lung_phinh = units["Xã Bản Phố"], units["Thôn Bản Phố 1"], units["Xã Lùng Phình"]
    for day, delta in ((D1, 12), (D2, 7), (D3, 1)):
        count_add(unit=village, day=day, indicator="tally.made", dims=["red"], delta=delta)
    count_add(unit=ban_pho, day=D3, indicator="tally.made", dims=["blue"], delta=5)
    count_add(unit=ban_pho, day=D2, indicator="tally.made", dims=["blue"], delta=2)
    count_add(unit=ban_pho, day=D2, indicator="tally.made", dims=["blue"], delta=-2)
    count_add(unit=lung_phinh, day=D1, indicator="tally.made", dims=["blue"], delta=3)
    count_add(unit=lung_phinh, day=D3, indicator="tally.made", dims=["red"], delta=9)
    province = units["Tỉnh Lào Cai"]

    every = count_by_unit_day("tally.made", unit=province, depth=ban_pho.depth, start=D1, end=D3)
    blue = count_by_unit_day(
        "tally.made", unit=province, depth=ban_pho.depth, start=D2, end=D3, dims={1: "blue"}
    )

    assert every == {ban_pho.pk: [12, 7, 6], lung_phinh.pk: [3, 0, 9]}
    assert blue == {ban_pho.pk: [0, 5]}


def test_count_by_unit_day_lays_each_month_row_at_its_days_and_cuts_it_to_the_period(units):
    # The period runs from 30 January to 2 March 2022 (February has 28 days): three month rows
    # per unit, the first and last cut; a count before the period in its first month is not in
    # the figures, and a unit whose only count falls there, or whose counts cancel out, is left out.
    ban_pho, lung_phinh, san_chai = units["Xã Bản Phố"], units["Xã Lùng Phình"], units["Xã Sán Chải"]
    pa_tan = units["Xã Pa Tần"]
    start, end = dt.date(2022, 1, 30), dt.date(2022, 3, 2)
    for day, delta in ((dt.date(2022, 1, 29), 50), (start, 1), (dt.date(2022, 1, 31), 2)):
        count_add(unit=ban_pho, day=day, indicator="tally.made", dims=["red"], delta=delta)
    count_add(unit=ban_pho, day=dt.date(2022, 2, 28), indicator="tally.made", dims=["red"], delta=3)
    count_add(unit=ban_pho, day=end, indicator="tally.made", dims=["red"], delta=4)
    count_add(unit=ban_pho, day=dt.date(2022, 3, 3), indicator="tally.made", dims=["red"], delta=60)
    count_add(unit=lung_phinh, day=dt.date(2022, 1, 1), indicator="tally.made", dims=["red"], delta=5)
    count_add(unit=san_chai, day=dt.date(2022, 2, 1), indicator="tally.made", dims=["red"], delta=6)
    count_add(unit=pa_tan, day=dt.date(2022, 2, 2), indicator="tally.made", dims=["red"], delta=7)
    count_add(unit=pa_tan, day=dt.date(2022, 2, 2), indicator="tally.made", dims=["red"], delta=-7)

    found = count_by_unit_day(
        "tally.made", unit=units["Tỉnh Lào Cai"], depth=ban_pho.depth, start=start, end=end
    )

    days = (end - start).days + 1
    assert days == 32
    expected_ban_pho = [1, 2] + [0] * 27 + [3, 0, 4]
    expected_san_chai = [0, 0, 6] + [0] * 29
    assert found == {ban_pho.pk: expected_ban_pho, san_chai.pk: expected_san_chai}


def test_a_count_grows_its_days_item_in_the_month_rows_of_its_unit_and_every_ancestor(units):
    from phaodai.counts.models import SubtreeMonth

    ban_pho, province = units["Xã Bản Phố"], units["Tỉnh Lào Cai"]
    count_add(unit=ban_pho, day=dt.date(2024, 2, 29), indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=ban_pho, day=dt.date(2024, 2, 1), indicator="tally.made", dims=["red"])
    count_add(unit=ban_pho, day=dt.date(2024, 2, 29), indicator="tally.made", dims=["red"], delta=-1)

    rows = SubtreeMonth.objects.unscoped().filter(dim1="red").order_by("depth")
    leap_february = [1] + [0] * 27 + [1]
    assert [(r.unit_id, r.depth, r.month, json.loads(r.days)) for r in rows] == [
        (province.pk, 0, dt.date(2024, 2, 1), leap_february),
        (units["Huyện Bắc Hà"].pk, 1, dt.date(2024, 2, 1), leap_february),
        (ban_pho.pk, 2, dt.date(2024, 2, 1), leap_february),
    ]
    assert SubtreeMonth.objects.unscoped().filter(dim1="*").count() == 3


def test_a_count_adds_to_the_subtree_totals_of_its_unit_and_every_ancestor(units):
    from phaodai.counts.models import SubtreeTotal

    village, ban_pho = units["Thôn Bản Phố 1"], units["Xã Bản Phố"]
    district, province = units["Huyện Bắc Hà"], units["Tỉnh Lào Cai"]
    count_add(unit=village, day=D1, indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=ban_pho.pk, day=D1, indicator="tally.made", dims=["blue"])

    rows = SubtreeTotal.objects.unscoped().order_by("depth", "dim1")
    assert [(r.unit_id, r.area_path, r.depth, r.day, r.dim1, r.dim2, r.value) for r in rows] == [
        (province.pk, province.path, 0, D1, "*", "", 3),
        (province.pk, province.path, 0, D1, "blue", "", 1),
        (province.pk, province.path, 0, D1, "red", "", 2),
        (district.pk, district.path, 1, D1, "*", "", 3),
        (district.pk, district.path, 1, D1, "blue", "", 1),
        (district.pk, district.path, 1, D1, "red", "", 2),
        (ban_pho.pk, ban_pho.path, 2, D1, "*", "", 3),
        (ban_pho.pk, ban_pho.path, 2, D1, "blue", "", 1),
        (ban_pho.pk, ban_pho.path, 2, D1, "red", "", 2),
        (village.pk, village.path, 3, D1, "*", "", 2),
        (village.pk, village.path, 3, D1, "red", "", 2),
    ]
    assert count_by_day("tally.made", unit=province, start=D1, end=D1) == {D1: 3}
    assert count_by_day("tally.made", unit=village, start=D1, end=D1, dims={1: "blue"}) == {}
