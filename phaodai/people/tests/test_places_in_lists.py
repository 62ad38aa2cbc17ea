"""Lists above the commune name the village's commune (and district): issue 7, point 4."""

from __future__ import annotations

import csv
import io
import re

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.areas.models import AdminUnit
from phaodai.areas.places import place_label
from phaodai.core.roles import Role
from phaodai.people.selectors import person_search
from phaodai.people.services import people_export
from phaodai.people.tests.factories import make_person
from tests.world import MODEL_BACKEND


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def province_leader(units):
    return make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"])


def _as(world, user):
    client = world.client_for("anonymous")
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.mark.parametrize(
    ("_case", "viewer", "place"),
    [
        ("commune: the village", "own_commune", "Thôn Bản Phố 1"),
        ("district: and the commune", "parent_district", "Thôn Bản Phố 1, Xã Bản Phố"),
        ("province: and the district", "province", "Thôn Bản Phố 1, Xã Bản Phố, Huyện Bắc Hà"),
    ],
)
def test_the_people_list_names_as_much_of_the_place_as_the_list_spans(
    world, province_leader, _case, viewer, place
):
    client = _as(world, province_leader) if viewer == "province" else world.client_for(viewer)

    text = _text(client.get("/nhan-khau/", {"q": "giang seo"}).content.decode())

    assert f"Nam · 1961 · {place} · Hộ BP1-007" in text


def test_a_province_list_narrowed_to_a_district_names_village_and_commune(world, province_leader):
    client = _as(world, province_leader)

    text = _text(client.get("/nhan-khau/", {"unit": world.units["Huyện Bắc Hà"].pk}).content.decode())

    assert "Nữ · 1990 · Thôn Lùng Phình, Xã Lùng Phình · Hộ LP-003" in text
    assert "Huyện Bắc Hà ·" not in text


def test_the_duplicates_and_household_lists_of_a_district_name_the_commune(world):
    client = world.client_for("parent_district")

    duplicates = _text(client.get("/nhan-khau/trung-lap/").content.decode())
    households = _text(client.get("/nhan-khau/ho/").content.decode())

    assert "Giàng Seo Pao Nam 1961 Thôn Bản Phố 2, Xã Bản Phố" in duplicates
    assert "Thào Thị Mỵ Nữ 1990 Thôn Lùng Phình, Xã Lùng Phình" in duplicates
    assert "Thôn Bản Phố 1, Xã Bản Phố" in households
    assert "Thôn Lùng Phình, Xã Lùng Phình" in households


def test_a_record_outside_the_narrowed_unit_is_named_up_to_what_they_share(units):
    village = AdminUnit.objects.select_related("parent__parent").get(pk=units["Thôn Lùng Phình"].pk)
    commune = AdminUnit.objects.select_related("parent__parent").get(pk=units["Xã Bản Phố"].pk)

    assert place_label(village, within=units["Xã Bản Phố"]) == "Thôn Lùng Phình, Xã Lùng Phình"
    assert place_label(village, within=None) == "Thôn Lùng Phình, Xã Lùng Phình, Huyện Bắc Hà"
    assert place_label(commune, within=units["Xã Bản Phố"]) == "Xã Bản Phố"  # filed at the commune


def test_the_export_has_a_column_per_level(units, district_leader):
    make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào A Sử")
    make_person(residence_unit=units["Xã Bản Phố"], full_name="Sùng A Páo")  # filed at the commune

    content, _type, _name = people_export(actor=district_leader, queryset=person_search(user=district_leader))

    rows = list(csv.reader(io.StringIO(b"".join(content).decode("utf-8-sig"))))
    header = rows[0]
    places = [row[header.index("Thôn, tổ dân phố") : header.index("Tỉnh, thành phố") + 1] for row in rows[1:]]
    assert header[8:12] == ["Thôn, tổ dân phố", "Xã, phường, thị trấn", "Quận, huyện", "Tỉnh, thành phố"]
    assert places == [
        ["", "Xã Bản Phố", "Huyện Bắc Hà", "Tỉnh Lào Cai"],
        ["Thôn Lùng Phình", "Xã Lùng Phình", "Huyện Bắc Hà", "Tỉnh Lào Cai"],
    ]


def test_a_district_merging_across_communes_sees_both_communes_and_a_record_page_its_whole_place(world):
    own, sibling = world.people["own"], world.people["sibling"]
    client = world.client_for("parent_district")

    merge = client.get(f"/nhan-khau/gop/{own.pk}/{sibling.pk}/")
    detail = _text(client.get(f"/nhan-khau/{sibling.pk}/").content.decode())

    rows = {row["name"]: row for row in merge.context["rows"]}
    assert (rows["residence_unit"]["first"], rows["residence_unit"]["second"]) == (
        "Thôn Bản Phố 1, Xã Bản Phố",
        "Thôn Lùng Phình, Xã Lùng Phình",
    )
    assert "Nơi cư trú Thôn Lùng Phình, Xã Lùng Phình, Huyện Bắc Hà" in detail
