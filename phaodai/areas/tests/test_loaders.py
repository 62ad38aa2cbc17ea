"""Loading the real unit lists: exact counts, idempotency, paths, successions."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.loaders import (
    ERA_FILES,
    SUCCESSIONS_FILE,
    FixtureError,
    load_era,
    load_successions,
    read_fixture,
)
from phaodai.areas.models import AdminUnit, MapEra, UnitSuccession
from phaodai.areas.tests.conftest import unit


def _levels(era: str) -> dict[int, int]:
    return dict(Counter(AdminUnit.objects.filter(era__code=era).values_list("level", flat=True)))


def _types(era: str) -> dict[str, int]:
    return dict(Counter(AdminUnit.objects.filter(era__code=era).values_list("unit_type", flat=True)))


@pytest.mark.django_db
def test_load_era_2021_gives_63_provinces_705_districts_10603_communes():
    created = load_era("2021")

    assert _levels("2021") == {UnitLevel.PROVINCE: 63, UnitLevel.DISTRICT: 705, UnitLevel.COMMUNE: 10603}
    assert created == 1 + 63 + 705 + 10603  # the era row, then every unit
    assert _types("2021") == {
        UnitType.CENTRAL_CITY: 5,
        UnitType.PROVINCE: 58,
        UnitType.URBAN_DISTRICT: 46,
        UnitType.RURAL_DISTRICT: 528,
        UnitType.TOWN: 51,
        UnitType.PROVINCIAL_CITY: 80,
        UnitType.COMMUNE: 8272,
        UnitType.WARD: 1723,
        UnitType.TOWNSHIP: 608,
    }
    era = MapEra.objects.get(code="2021")
    assert (str(era.valid_from), str(era.valid_to)) == ("2021-02-03", "2025-06-30")
    assert era.legal_source == "Quyết định 124/2004/QĐ-TTg; danh mục GSO 02/2021"
    assert era.data_source == "vietnam-provinces==0.4.3 (PyPI), vietnam_provinces/data/nested-divisions.json"


@pytest.mark.django_db
def test_load_era_2025_gives_34_provinces_no_districts_3321_communes():
    load_era("2025")

    assert _levels("2025") == {UnitLevel.PROVINCE: 34, UnitLevel.COMMUNE: 3321}
    assert _types("2025") == {
        UnitType.CENTRAL_CITY: 6,
        UnitType.PROVINCE: 28,
        UnitType.COMMUNE: 2621,
        UnitType.WARD: 687,
        UnitType.SPECIAL_ZONE: 13,
    }
    assert (unit("2025", "15").name, unit("2025", "01").name) == ("Tỉnh Lào Cai", "Thành phố Hà Nội")
    hoan_kiem = unit("2025", "00070")
    assert hoan_kiem.parent is not None
    assert (hoan_kiem.name, hoan_kiem.parent.name, hoan_kiem.depth) == (
        "Phường Hoàn Kiếm",
        "Thành phố Hà Nội",
        1,
    )
    era = MapEra.objects.get(code="2025")
    assert (str(era.valid_from), era.valid_to) == ("2025-07-01", None)
    assert era.legal_source == "Nghị quyết 202/2025/QH15; Quyết định 19/2025/QĐ-TTg"


@pytest.mark.django_db
def test_successions_need_both_eras(map_2021):
    with pytest.raises(FixtureError, match="Cần nạp bản đồ 2021 và 2025"):
        load_successions()

    assert UnitSuccession.objects.count() == 0


def test_each_fixture_names_its_source_package_and_version():
    sources = {
        name: read_fixture(name).meta["source"]["pin"] for name in [*ERA_FILES.values(), SUCCESSIONS_FILE]
    }

    assert sources == {
        "units_2021.json.gz": "vietnam-provinces==0.4.3",
        "units_2025.json.gz": "vietnam-provinces==2025.10.1",
        "successions_2021_2025.json.gz": "vietnamadminunits==1.0.4",
    }


@pytest.mark.django_db
def test_an_unknown_era_is_refused():
    with pytest.raises(FixtureError, match="Không có dữ liệu cho bản đồ '2030'"):
        load_era("2030")

    assert MapEra.objects.count() == 0


@pytest.mark.django_db
def test_load_units_command_loads_successions_once_both_eras_exist():
    call_command("load_units", era="2021")
    assert UnitSuccession.objects.count() == 0

    call_command("load_units", era="2025")

    assert UnitSuccession.objects.count() == 11257
    assert _levels("2021")[UnitLevel.COMMUNE] == 10603
    assert _levels("2025")[UnitLevel.COMMUNE] == 3321


@pytest.mark.django_db
def test_load_units_command_refuses_an_unknown_era():
    with pytest.raises(CommandError, match="Không có dữ liệu cho bản đồ '1999'"):
        call_command("load_units", era="1999")

    assert AdminUnit.objects.count() == 0
