"""The daily figures page and endpoint: a unit of one's jurisdiction, by day, for a period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.core.roles import Role
from phaodai.counts.services import count_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally_indicators")]

D1, D2, D3 = dt.date(2021, 8, 1), dt.date(2021, 8, 2), dt.date(2021, 8, 3)


@pytest.fixture
def counts(units):
    count_add(unit=units["Thôn Bản Phố 1"], day=D1, indicator="tally.made", dims=["red"], delta=2)
    count_add(unit=units["Xã Bản Phố"], day=D3, indicator="tally.made", dims=["blue"], delta=1)
    count_add(unit=units["Xã Lùng Phình"], day=D2, indicator="tally.made", dims=["red"], delta=40)
    count_add(unit=units["Xã Pa Tần"], day=D2, indicator="tally.made", dims=["red"], delta=500)
    count_add(unit=units["Xã Bản Phố"], day=D1, indicator="tally.open", delta=3)
    count_add(unit=units["Xã Bản Phố"], day=D3, indicator="tally.open", delta=-1)


def _page(client, **params):
    return client.get(reverse("counts:figures"), params).content.decode()


def test_the_page_shows_every_indicator_and_one_by_day(client, units, counts):
    client.force_login(make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"]))

    summary = _page(client, start="01/08/2021", end="03/08/2021")
    by_day = _page(client, indicator="tally.made", start="01/08/2021", end="03/08/2021")
    stock = _page(client, indicator="tally.open", start="01/08/2021", end="03/08/2021")

    assert "Phiếu đếm thử: 3" in summary
    assert "Phiếu đang mở: 2" in summary
    assert "<tr><td>01/08/2021</td><td>2</td></tr><tr><td>02/08/2021</td><td>0</td></tr>" in by_day
    assert "<tr><td>red</td><td>2</td></tr>" in by_day
    assert "<tr><td>02/08/2021</td><td>3</td></tr><tr><td>03/08/2021</td><td>2</td></tr>" in stock


def test_the_district_sees_its_communes_and_not_another_province(client, units, counts):
    client.force_login(make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"]))

    body = _page(client, indicator="tally.made", start="01/08/2021", end="03/08/2021")

    assert "Phiếu đếm thử: 43" in body
    assert "Xã Lùng Phình</a></td><td>40</td>" in body
    assert "500" not in body
    other = client.get(reverse("counts:figures"), {"unit": units["Xã Pa Tần"].pk})
    assert other.status_code == 404


def test_a_reversed_or_too_long_period_is_said_in_vietnamese(client, units, counts):
    client.force_login(make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"]))

    reversed_period = _page(client, start="03/08/2021", end="01/08/2021")
    too_long = _page(client, start="01/01/2020", end="01/08/2021")

    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in reversed_period
    assert "Mỗi lần xem nhiều nhất 366 ngày." in too_long


def test_the_endpoint_reads_a_units_figures_by_day(units, counts):
    client = token_client(make_user(role=Role.HEALTH_STAFF, home_unit=units["Huyện Bắc Hà"]))
    district = units["Huyện Bắc Hà"].pk

    made = client.get(
        "/api/v1/counts/",
        {"indicator": "tally.made", "unit": district, "start": "2021-08-01", "end": "2021-08-03"},
    )
    red = client.get(
        "/api/v1/counts/",
        {
            "indicator": "tally.made",
            "unit": district,
            "start": "2021-08-01",
            "end": "2021-08-03",
            "dim1": "red",
        },
    )
    stock = client.get(
        "/api/v1/counts/",
        {"indicator": "tally.open", "unit": district, "start": "2021-08-02", "end": "2021-08-03"},
    )
    outside = client.get("/api/v1/counts/", {"indicator": "tally.made", "unit": units["Xã Pa Tần"].pk})
    unknown = client.get("/api/v1/counts/", {"indicator": "no.such", "unit": district})
    indicators = client.get("/api/v1/counts/indicators/")

    for response in (made, outside, unknown):
        assert_matches_schema(response, "count_figures")
    assert_matches_schema(indicators, "indicator_list")
    assert made.json()["total"] == 43
    assert [row["value"] for row in made.json()["days"]] == [2, 40, 1]
    assert red.json()["total"] == 42
    assert (stock.json()["total"], [row["value"] for row in stock.json()["days"]]) == (2, [3, 2])
    assert outside.status_code == unknown.status_code == 400
    # the installed apps' indicators are listed too (labtests, cases…); the test app's are these
    assert [row["code"] for row in indicators.json() if row["code"].startswith("tally.")] == [
        "tally.made",
        "tally.open",
    ]
