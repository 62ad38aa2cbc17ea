"""rebuild_counts recomputes the counts from the records; the testing helper compares them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command

from phaodai.counts.models import DailyCount
from phaodai.counts.services import count_add
from phaodai.counts.testing import CountsDifferError, assert_counts_rebuild_equal
from phaodai.counts.tests.tallyapp.services import tally_create, tally_delete, tally_edit

pytestmark = pytest.mark.django_db(transaction=True)

D1, D2, D3 = dt.date(2021, 8, 1), dt.date(2021, 8, 2), dt.date(2021, 8, 3)


def _figures():
    return sorted(
        DailyCount.objects.unscoped()
        .exclude(value=0)
        .values_list("indicator", "unit__name", "day", "dim1", "value")
    )


def test_incremental_counts_equal_the_rebuilt_ones(units, tally_table):
    ban_pho, san_chai = units["Xã Bản Phố"], units["Xã Sán Chải"]
    a = tally_create(unit=ban_pho, day=D1, colour="red")
    b = tally_create(unit=ban_pho, day=D1, colour="blue")
    tally_create(unit=san_chai, day=D2, colour="red")
    tally_edit(a, unit=san_chai, closed_on=D3)
    tally_delete(b)

    assert_counts_rebuild_equal()
    kept = _figures()
    out = io.StringIO()
    call_command("rebuild_counts", stdout=out)

    assert (
        _figures()
        == kept
        == [
            ("tally.made", "Xã Sán Chải", D1, "red", 1),
            ("tally.made", "Xã Sán Chải", D2, "red", 1),
            ("tally.open", "Xã Sán Chải", D1, "", 1),
            ("tally.open", "Xã Sán Chải", D2, "", 1),
            ("tally.open", "Xã Sán Chải", D3, "", -1),
        ]
    )
    # Rows written: two days of one colour and their total; in the commune, its district and its
    # province, by day (12) and by month (6).
    assert re.search(
        r"^tally\.made: xoá 4, ghi 2 dòng \(tổng theo chiều: xoá 3, ghi 2\); "
        r"tổng theo địa bàn: xoá \d+, ghi 12; theo tháng: xoá \d+, ghi 6$",
        out.getvalue(),
        re.MULTILINE,
    )
    assert re.search(r"^Đã tính lại \d+ chỉ số trong \d+\.\d\d giây$", out.getvalue(), re.MULTILINE)


def test_a_drifted_count_is_reported_and_put_right(units, tally_table):
    ban_pho = units["Xã Bản Phố"]
    tally_create(unit=ban_pho, day=D1, colour="red")
    count_add(unit=ban_pho, day=D2, indicator="tally.made", dims=["red"], delta=5)  # not from a record

    with pytest.raises(CountsDifferError) as raised:
        assert_counts_rebuild_equal()
    call_command("rebuild_counts", "--from", "2021-08-02", "--indicator", "tally.made", stdout=io.StringIO())

    assert raised.value.differences == {
        ("tally.made", ban_pho.pk, D2, "red", ""): (5, 0),
        ("tally.made", ban_pho.pk, D2, "*", ""): (5, 0),
    }
    assert_counts_rebuild_equal()
    assert _figures() == [("tally.made", "Xã Bản Phố", D1, "red", 1), ("tally.open", "Xã Bản Phố", D1, "", 1)]


def test_rebuild_from_a_date_keeps_the_months_before(units, tally_table):
    ban_pho = units["Xã Bản Phố"]
    july = dt.date(2021, 7, 31)
    for day in (july, D1, D3):
        tally_create(unit=ban_pho, day=day, colour="red")
    DailyCount.objects.unscoped().filter(day__in=[july, D1], indicator="tally.made").update(value=9)

    call_command("rebuild_counts", "--from", "2021-08-02", stdout=io.StringIO())

    # From the first day of the date's month (the month rows are rebuilt whole): 1 August is
    # put right, 31 July is left as it was.
    assert ("tally.made", "Xã Bản Phố", july, "red", 9) in _figures()
    assert ("tally.made", "Xã Bản Phố", D1, "red", 1) in _figures()
    assert_counts_rebuild_equal(since=D1)


def test_bad_arguments_are_command_errors(units, tally_indicators):
    with pytest.raises(CommandError, match=r"không ứng dụng nào khai báo chỉ số 'no\.such'"):
        call_command("rebuild_counts", "--indicator", "no.such")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rebuild_counts", "--from", "1/8/2021")


def test_a_drifted_subtree_total_is_reported_once_the_counts_agree(units, tally_table):
    from phaodai.counts.models import SubtreeTotal

    province = units["Tỉnh Lào Cai"]
    tally_create(unit=units["Xã Bản Phố"], day=D1, colour="red")  # tally.open +1, tally.made +1
    SubtreeTotal.objects.unscoped().filter(unit=province, indicator="tally.open").update(value=7)

    with pytest.raises(CountsDifferError) as raised:
        assert_counts_rebuild_equal(only={"tally.open"})

    assert raised.value.differences == {("tally.open (subtree)", province.pk, D1, "", ""): (7, 1)}
