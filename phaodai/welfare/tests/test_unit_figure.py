""" "Nobody goes hungry" on the unit page: vulnerable households reached in the last N days, for the
unit and each child, counted from the deliveries, only inside the reader's jurisdiction."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from phaodai.people.tests.factories import make_household
from phaodai.welfare.tests.factories import deliver, make_package, make_vulnerable, receive

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@override_settings(PHAODAI_WELFARE_REACHED_DAYS=7)
def test_the_unit_page_counts_the_households_reached_in_the_last_days(units, commune_leader, district_leader):
    today = timezone.localdate()
    package = make_package(actor=commune_leader, unit=units["Xã Bản Phố"])
    receive(actor=commune_leader, package=package, quantity=10, on=today - dt.timedelta(days=30))
    one = [make_household(unit=units["Thôn Bản Phố 1"], code=f"BP1-{n:03d}") for n in range(1, 4)]
    two = make_household(unit=units["Thôn Bản Phố 2"], code="BP2-001")
    for household in (*one, two):
        make_vulnerable(actor=commune_leader, household=household)
    deliver(actor=commune_leader, package=package, household=one[0], on=today)
    deliver(
        actor=commune_leader, package=package, household=one[0], on=today - dt.timedelta(days=2)
    )  # same one
    deliver(
        actor=commune_leader, package=package, household=one[1], on=today - dt.timedelta(days=6)
    )  # 7th day
    deliver(
        actor=commune_leader, package=package, household=one[2], on=today - dt.timedelta(days=7)
    )  # too old
    deliver(actor=commune_leader, package=package, household=two, on=today - dt.timedelta(days=1))
    # Lùng Phình's household, reached: not Bản Phố's figure
    other = make_household(unit=units["Thôn Lùng Phình"], code="LP-001")
    make_vulnerable(actor=district_leader, household=other)
    other_package = make_package(actor=district_leader, unit=units["Xã Lùng Phình"])
    receive(actor=district_leader, package=other_package, quantity=1, on=today - dt.timedelta(days=30))
    deliver(actor=district_leader, package=other_package, household=other, on=today)

    client = Client()
    client.force_login(commune_leader)
    page = client.get(reverse("areas:detail", args=[units["Xã Bản Phố"].pk]))
    figure = next(f for f in page.context["figures"] if f.figure.name == "welfare_reached")
    assert figure.total == 3
    assert figure.by_child == {units["Thôn Bản Phố 1"].pk: 2, units["Thôn Bản Phố 2"].pk: 1}
    assert figure.url == reverse("welfare:vulnerable_list") + f"?unit={units['Xã Bản Phố'].pk}"
    text = _text(page.content.decode())
    assert "Hộ khó khăn đã được hỗ trợ (không để ai thiếu đói) 3" in text
    assert "đã nhận hỗ trợ trong 7 ngày qua (kể cả hôm nay)." in text

    district = Client()
    district.force_login(district_leader)
    page = district.get(reverse("areas:detail", args=[units["Huyện Bắc Hà"].pk]))
    figure = next(f for f in page.context["figures"] if f.figure.name == "welfare_reached")
    assert figure.total == 4
    assert figure.by_child == {units["Xã Bản Phố"].pk: 3, units["Xã Lùng Phình"].pk: 1}

    # the commune leader never sees the neighbour's figure
    assert client.get(reverse("areas:detail", args=[units["Xã Lùng Phình"].pk])).status_code == 404
