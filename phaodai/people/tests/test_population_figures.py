"""Each figure says what it is: registered residents now (home, unit page, lists agree) and the
population of a year with its source and date (issue 7, point 3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from phaodai.areas.enums import AgeBand, PopulationSource, Sex
from phaodai.areas.models import PopulationCount
from phaodai.areas.selectors import population_of
from phaodai.areas.services import population_record
from phaodai.people.enums import ResidenceStatus
from phaodai.people.selectors import registered_residents_by_child
from phaodai.people.services import population_count_from_registry
from phaodai.people.tests.factories import make_person

YEAR = timezone.localdate().year


@pytest.fixture
def counted(world):
    """Bản Phố as the demo had it: the registry counted, then residents away and born since."""
    units = world.units
    village_1, village_2 = units["Thôn Bản Phố 1"], units["Thôn Bản Phố 2"]
    make_person(residence_unit=village_1, full_name="Vàng A Chư", birth_year=1990)
    make_person(
        residence_unit=village_1,
        full_name="Vàng A Sử",
        birth_year=1999,
        residence_status=ResidenceStatus.AWAY,
        away_location="KCN Yên Phong, Bắc Ninh",
    )
    merged_away = make_person(residence_unit=village_2, full_name="Vang A Chu", birth_year=1990)
    merged_away.merged_into = world.people["own"]
    merged_away.save(update_fields=["merged_into"])
    population_count_from_registry(year=YEAR)
    return world


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_registered_residents_are_the_records_in_use_everywhere(counted):
    world = counted
    user, commune = world.users["own_commune"], world.units["Xã Bản Phố"]
    client = world.client_for("own_commune")

    home = client.get("/")
    unit_page = client.get(f"/dia-ban/{commune.pk}/")
    listed = client.get("/nhan-khau/", {"unit": commune.pk})

    # own (village 1), own_twin (village 2, away), Vàng A Chư, Vàng A Sử (away); not the merged-away record
    assert registered_residents_by_child(user=user, unit=commune) == {
        world.units["Thôn Bản Phố 1"].path: 3,
        world.units["Thôn Bản Phố 2"].path: 1,
    }
    assert home.context["cards"][0].figures.people == 4
    assert "4 Nhân khẩu đăng ký" in _text(home.content.decode())
    # other apps add their own figures to the unit page (core.shell UNIT_FIGURES): ours comes first
    figure = unit_page.context["figures"][0]
    assert (str(figure.label), figure.total, figure.url) == (
        "Nhân khẩu đăng ký hiện nay",
        4,
        f"/nhan-khau/?unit={commune.pk}",
    )
    assert listed.context["page"].paginator.count == 4
    assert "4 nhân khẩu đăng ký · 1–4 của 4" in _text(listed.content.decode())


def test_the_unit_page_says_what_each_figure_is(counted):
    world = counted
    commune = world.units["Xã Bản Phố"]
    today = timezone.localdate().strftime("%d/%m/%Y")

    response = world.client_for("own_commune").get(f"/dia-ban/{commune.pk}/")

    text = _text(response.content.decode())
    # the registry counted 2 present residents (own, Vàng A Chư): not the 2 away, not the merged one
    assert response.context["page"].population.total == 2
    assert (
        "Nhân khẩu đăng ký hiện nay 4 Đếm trực tiếp từ sổ nhân khẩu: mọi hồ sơ còn hiệu lực, "
        "kể cả người đang ở nơi khác."
    ) in text
    assert (
        f"Dân số năm {YEAR} 2 Năm {YEAR}, nguồn: Đếm từ sổ nhân khẩu, ghi nhận ngày {today}. "
        "Chỉ tính người thường trú, tạm trú sinh trước ngày 1/7 của năm; không tính người đang ở nơi khác, "
        "nên có thể khác số nhân khẩu đăng ký hiện nay."
    ) in text
    # each village: registered residents now, then the population of the year
    # (the other apps' figure columns, if any, sit between the two)
    assert re.search(rf"Tên Mã Nhân khẩu đăng ký hiện nay (\S.* )?Dân số năm {YEAR} Thôn Bản Phố 1", text)
    village_1, village_2 = world.units["Thôn Bản Phố 1"], world.units["Thôn Bản Phố 2"]
    assert re.search(rf"Thôn Bản Phố 1 {village_1.code} 3 (\d+ )*2 Thôn Bản Phố 2", text)
    assert re.search(rf"Thôn Bản Phố 2 {village_2.code} 1 (\d+ )*— ", text)


def test_a_figure_recorded_before_dates_were_kept_says_so(world):
    commune = world.units["Xã Bản Phố"]
    population_record(
        actor=None,
        unit=world.units["Thôn Bản Phố 1"],
        year=2019,
        source=PopulationSource.CENSUS,
        counts={(AgeBand.A18_49, Sex.MALE): 120},
    )
    PopulationCount.objects.update(recorded_at=None)

    response = world.client_for("own_commune").get(f"/dia-ban/{commune.pk}/")

    assert "Năm 2019, nguồn: Điều tra dân số, chưa rõ ngày ghi nhận." in _text(response.content.decode())


def test_population_of_carries_the_date_the_figures_were_recorded(units):
    village = units["Thôn Bản Phố 1"]
    population_record(
        actor=None,
        unit=village,
        year=2021,
        source=PopulationSource.ESTIMATE,
        counts={(AgeBand.A0_4, Sex.MALE): 5, (AgeBand.A0_4, Sex.FEMALE): 6},
    )
    PopulationCount.objects.filter(sex=Sex.MALE).update(
        recorded_at=dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)
    )
    PopulationCount.objects.filter(sex=Sex.FEMALE).update(
        recorded_at=dt.datetime(2021, 4, 2, 9, 0, tzinfo=dt.UTC)
    )

    summary = population_of(unit=units["Xã Bản Phố"], year=2021)

    assert (summary.total, summary.recorded_at) == (11, dt.datetime(2021, 4, 2, 9, 0, tzinfo=dt.UTC))


def test_the_api_gives_the_population_with_its_source_and_date(counted):
    from phaodai.api.tests.clients import token_client

    commune = counted.units["Xã Bản Phố"]
    row = PopulationCount.objects.filter(unit__parent=commune).order_by("pk").first()
    assert row is not None

    body = token_client(counted.users["own_commune"]).get(f"/api/v1/units/{commune.pk}/population/").json()

    assert (body["year"], body["source"], body["total"]) == (YEAR, "registry", 2)
    assert body["recorded_at"] == timezone.localtime(row.recorded_at).isoformat()
