"""Tests on the real 2021 and 2025 maps with their successions, loaded once for the whole module.

Loading both maps takes a couple of seconds; every test here runs inside a savepoint of one
transaction that holds them (and is rolled back after the module), so they load once per
test worker instead of once per test.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse

from phaodai.accounts.tests.factories import make_user
from phaodai.areas.enums import SuccessionKind, UnitLevel
from phaodai.areas.loaders import SUCCESSIONS_FILE, load_era, load_successions, read_fixture
from phaodai.areas.models import AdminUnit, MapEra, UnitSuccession
from phaodai.areas.selectors import unit_ancestors
from phaodai.areas.services import path_segment
from phaodai.areas.tests.conftest import unit
from phaodai.areas.tests.factories import make_unit
from phaodai.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def real_maps(django_db_setup, django_db_blocker):
    """Both eras and the 2021 → 2025 links, for every test of this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_era("2021")
        load_era("2025")
        load_successions()
        yield
        transaction.set_rollback(True)


def _levels(era: str) -> dict[int, int]:
    return dict(Counter(AdminUnit.objects.filter(era__code=era).values_list("level", flat=True)))


def detail_url(unit):
    return reverse("areas:detail", kwargs={"unit_id": unit.pk})


def test_island_districts_without_communes_are_kept(real_maps):
    childless = AdminUnit.objects.filter(era__code="2021", level=UnitLevel.DISTRICT, children__isnull=True)

    assert sorted(childless.values_list("name", flat=True)) == [
        "Huyện Bạch Long Vĩ",
        "Huyện Côn Đảo",
        "Huyện Cồn Cỏ",
        "Huyện Hoàng Sa",
        "Huyện Lý Sơn",
    ]


def test_loading_again_changes_nothing_and_creates_no_duplicates(real_maps):
    before = list(
        AdminUnit.objects.filter(era__code="2021").values_list("pk", "code", "name", "path", "depth")
    )

    again = load_era("2021")

    assert again == 0
    after = list(
        AdminUnit.objects.filter(era__code="2021").values_list("pk", "code", "name", "path", "depth")
    )
    assert after == before
    assert MapEra.objects.filter(code="2021").count() == 1


def test_loading_again_restores_a_changed_name_in_place(real_maps):
    phuc_xa = unit("2021", "00001")
    AdminUnit.objects.filter(pk=phuc_xa.pk).update(name="Phường Sai Tên", name_key="phuong sai ten")

    changed = load_era("2021")

    assert changed == 1
    phuc_xa.refresh_from_db()
    assert (phuc_xa.name, phuc_xa.name_key) == ("Phường Phúc Xá", "phuong phuc xa")
    assert AdminUnit.objects.filter(era__code="2021", code="00001").count() == 1


def test_villages_added_under_a_loaded_commune_survive_a_reload(real_maps):
    phuc_xa = unit("2021", "00001")
    village = make_unit(name="Tổ dân phố 1", parent=phuc_xa, level=UnitLevel.VILLAGE)

    load_era("2021")

    village.refresh_from_db()
    assert village.path == phuc_xa.path + path_segment(village.pk)
    assert village.depth == 3


def test_every_path_is_the_parent_path_plus_own_key(real_maps):
    units = {u.pk: u for u in AdminUnit.objects.filter(era__code="2021")}

    wrong = [
        u.code
        for u in units.values()
        if u.path != (units[u.parent_id].path if u.parent_id else "") + path_segment(u.pk)
        or u.depth != u.level - 1
    ]

    assert wrong == []


def test_ancestors_of_a_real_commune(real_maps):
    phuc_xa = unit("2021", "00001")

    ancestors = unit_ancestors(unit=phuc_xa)

    assert [(a.code, a.name) for a in ancestors] == [("01", "Thành phố Hà Nội"), ("001", "Quận Ba Đình")]


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


def test_real_unit_page_links_2025_ward_to_its_2021_predecessors(client, real_maps):
    client.force_login(make_user(role=Role.SYSTEM_ADMIN, home_unit=None, username="quantri"))
    hoan_kiem = unit("2025", "00070")

    response = client.get(detail_url(hoan_kiem))

    html = response.content.decode()
    page = response.context["page"]
    assert response.status_code == 200
    assert ("Phường Hàng Trống", True) in [(link.unit.name, link.openable) for link in page.predecessors]
    assert len(page.predecessors) == 14
    assert f'href="{detail_url(unit("2021", "00070"))}">Phường Hàng Trống</a>' in html
    assert "Từ 01/07/2025, đang áp dụng" in html


def test_real_2021_commune_page_names_its_2025_successor(client, real_maps):
    hang_trong = unit("2021", "00070")
    client.force_login(make_user(role=Role.COMMUNE_LEADER, home_unit=hang_trong, username="canbo_hangtrong"))

    response = client.get(detail_url(hang_trong))

    html = response.content.decode()
    successors = response.context["page"].successors
    # Split: most of it went to Hoàn Kiếm, a part to Cửa Nam. The jurisdiction follows the main
    # part to 2025 (core.access), not the whole of the ward that took the smaller part.
    assert [
        (link.unit.name, link.unit.era.code, link.succession.is_main, link.openable) for link in successors
    ] == [("Phường Hoàn Kiếm", "2025", True, True), ("Phường Cửa Nam", "2025", False, False)]
    assert "phần nhỏ" in html
    # Outside the jurisdiction, so named but not linked.
    assert "<strong>Phường Cửa Nam</strong>" in html
    assert "Từ 03/02/2021 đến 30/06/2025" in html
