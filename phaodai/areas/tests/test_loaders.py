"""Loading the real unit lists: exact counts, idempotency, paths, successions."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from phaodai.areas.enums import SuccessionKind, UnitLevel, UnitType
from phaodai.areas.loaders import (
    ERA_FILES,
    SUCCESSIONS_FILE,
    FixtureError,
    load_era,
    load_successions,
    read_fixture,
)
from phaodai.areas.models import AdminUnit, MapEra, UnitSuccession
from phaodai.areas.selectors import unit_ancestors
from phaodai.areas.services import path_segment
from phaodai.areas.tests.conftest import unit
from phaodai.areas.tests.factories import make_unit


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
def test_island_districts_without_communes_are_kept(map_2021):
    childless = AdminUnit.objects.filter(era__code="2021", level=UnitLevel.DISTRICT, children__isnull=True)

    assert sorted(childless.values_list("name", flat=True)) == [
        "Huyện Bạch Long Vĩ",
        "Huyện Côn Đảo",
        "Huyện Cồn Cỏ",
        "Huyện Hoàng Sa",
        "Huyện Lý Sơn",
    ]


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
def test_loading_again_changes_nothing_and_creates_no_duplicates(map_2021):
    before = list(
        AdminUnit.objects.filter(era__code="2021").values_list("pk", "code", "name", "path", "depth")
    )

    again = load_era("2021")

    assert again == 0
    after = list(
        AdminUnit.objects.filter(era__code="2021").values_list("pk", "code", "name", "path", "depth")
    )
    assert after == before
    assert MapEra.objects.count() == 1


@pytest.mark.django_db
def test_loading_again_restores_a_changed_name_in_place(map_2021):
    phuc_xa = unit("2021", "00001")
    AdminUnit.objects.filter(pk=phuc_xa.pk).update(name="Phường Sai Tên", name_key="phuong sai ten")

    changed = load_era("2021")

    assert changed == 1
    phuc_xa.refresh_from_db()
    assert (phuc_xa.name, phuc_xa.name_key) == ("Phường Phúc Xá", "phuong phuc xa")
    assert AdminUnit.objects.filter(era__code="2021", code="00001").count() == 1


@pytest.mark.django_db
def test_villages_added_under_a_loaded_commune_survive_a_reload(map_2021):
    phuc_xa = unit("2021", "00001")
    village = make_unit(name="Tổ dân phố 1", parent=phuc_xa, level=UnitLevel.VILLAGE)

    load_era("2021")

    village.refresh_from_db()
    assert village.path == phuc_xa.path + path_segment(village.pk)
    assert village.depth == 3


@pytest.mark.django_db
def test_every_path_is_the_parent_path_plus_own_key(map_2021):
    units = {u.pk: u for u in AdminUnit.objects.filter(era__code="2021")}

    wrong = [
        u.code
        for u in units.values()
        if u.path != (units[u.parent_id].path if u.parent_id else "") + path_segment(u.pk)
        or u.depth != u.level - 1
    ]

    assert wrong == []


@pytest.mark.django_db
def test_ancestors_of_a_real_commune(map_2021):
    phuc_xa = unit("2021", "00001")

    ancestors = unit_ancestors(unit=phuc_xa)

    assert [(a.code, a.name) for a in ancestors] == [("01", "Thành phố Hà Nội"), ("001", "Quận Ba Đình")]


@pytest.mark.django_db
def test_hoan_kiem_2025_has_its_2021_predecessors_in_hanoi(real_maps):
    hoan_kiem = unit("2025", "00070")

    links = {
        (s.predecessor.code, s.predecessor.name): (s.kind, s.is_main)
        for s in UnitSuccession.objects.filter(successor=hoan_kiem).select_related("predecessor")
    }

    assert links[("00070", "Phường Hàng Trống")] == (SuccessionKind.SPLIT, True)
    assert links[("00061", "Phường Hàng Bạc")] == (SuccessionKind.MERGED, True)
    assert links[("00049", "Phường Hàng Đào")] == (SuccessionKind.MERGED, True)
    assert links[("00079", "Phường Tràng Tiền")] == (SuccessionKind.SPLIT, False)
    assert len(links) == 14
    assert {
        s.predecessor.parent.parent.name  # type: ignore[union-attr]  # communes have a district, and it a province
        for s in hoan_kiem.predecessions.select_related("predecessor__parent__parent")
    } == {"Thành phố Hà Nội"}


@pytest.mark.django_db
def test_province_and_island_links(real_maps):
    new_lao_cai = unit("2025", "15")

    province_preds = sorted(
        (s.predecessor.name, s.kind) for s in new_lao_cai.predecessions.select_related("predecessor")
    )
    island = UnitSuccession.objects.select_related("successor").get(predecessor=unit("2021", "318"))

    assert province_preds == [
        ("Tỉnh Lào Cai", SuccessionKind.MERGED),
        ("Tỉnh Yên Bái", SuccessionKind.MERGED),
    ]
    assert (island.successor.code, island.successor.name, island.kind) == (
        "11948",
        "Đặc khu Bạch Long Vĩ",
        SuccessionKind.SAME,
    )


@pytest.mark.django_db
def test_successions_match_the_fixture_metadata_and_reload_is_idempotent(real_maps):
    stats = read_fixture(SUCCESSIONS_FILE).meta["stats"]
    communes_linked = (
        UnitSuccession.objects.filter(predecessor__level=UnitLevel.COMMUNE)
        .values("predecessor")
        .distinct()
        .count()
    )

    again = load_successions()

    assert again == 0
    assert UnitSuccession.objects.count() == stats["links"] == 11257
    assert communes_linked == stats["communes_2021_linked"] == 10573
    assert stats["communes_2021_unlinked"] == 30
    assert (
        UnitSuccession.objects.filter(successor__level=UnitLevel.COMMUNE)
        .values("successor")
        .distinct()
        .count()
        == 3321
    )


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
