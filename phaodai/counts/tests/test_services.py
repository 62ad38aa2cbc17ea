"""Keeping counts: count_add and count_move, read back by subtree and period."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.counts.indicators import UnknownIndicatorError
from phaodai.counts.models import DailyCount
from phaodai.counts.selectors import (
    count_by_child,
    count_by_day,
    count_by_dim,
    count_total,
    indicator_rows,
    stock_by_day,
    stock_on,
)
from phaodai.counts.services import CountKey, count_add, count_move

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally_indicators")]

D1, D2, D3 = dt.date(2021, 8, 1), dt.date(2021, 8, 2), dt.date(2021, 8, 3)


def test_count_add_creates_then_adds_to_one_row(units):
    commune = units["Xã Bản Phố"]

    count_add(unit=commune, day=D1, indicator="tally.made", dims=["red"])
    count_add(unit=commune.pk, day=D1, indicator="tally.made", dims=["red"], delta=2)

    row = DailyCount.objects.unscoped().get()
    assert (row.unit_id, row.area_path, row.day, row.dim1, row.dim2, row.value) == (
        commune.pk,
        commune.path,
        D1,
        "red",
        "",
        3,
    )


def test_wrong_dimensions_or_indicator_are_programming_errors(units):
    commune = units["Xã Bản Phố"]

    with pytest.raises(ValueError, match="dimensions"):
        count_add(unit=commune, day=D1, indicator="tally.made")
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
    rows = list(indicator_rows().values_list("code", "name", "dims", "stock", "app"))

    assert rows == [
        ("tally.made", "Phiếu đếm thử", ["colour"], False, "counts_tallyapp"),
        ("tally.open", "Phiếu đang mở", [], True, "counts_tallyapp"),
    ]
