"""A user's jurisdiction: the home unit, extra units, and the units the other map era links to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.accounts.services import user_extra_units_set
from phaodai.accounts.tests.factories import make_user
from phaodai.areas.enums import SuccessionKind
from phaodai.areas.models import AdminUnit, UnitSuccession
from phaodai.areas.services import unit_links_refresh
from phaodai.areas.tests.factories import make_area_tree, make_era
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.people.models import Person
from phaodai.people.selectors import person_search
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(units):
    """The 2025 map: Tỉnh Lào Cai (2025) with Xã Bắc Hà, which took over Bản Phố and Lùng Phình.

    Bản Phố went wholly to Xã Bắc Hà; Lùng Phình mostly to Xã Bắc Hà, a small part to Xã Cốc Ly.
    """
    era = make_era(code="2025", valid_from=dt.date(2025, 7, 1))
    new = make_area_tree(("Tỉnh Lào Cai (2025)", [("Xã Bắc Hà", ["Thôn Bắc Hà 1"]), "Xã Cốc Ly"]), era=era)
    for old, successor, main in (
        ("Xã Bản Phố", "Xã Bắc Hà", True),
        ("Xã Lùng Phình", "Xã Bắc Hà", True),
        ("Xã Lùng Phình", "Xã Cốc Ly", False),
        ("Tỉnh Lào Cai", "Tỉnh Lào Cai (2025)", True),
    ):
        UnitSuccession.objects.create(
            predecessor=units[old], successor=new[successor], kind=SuccessionKind.MERGED, is_main=main
        )
    unit_links_refresh()
    people = {
        "ban_pho_2021": make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử"),
        "lung_phinh_2021": make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào A Sử"),
        "san_chai_2021": make_person(residence_unit=units["Thôn Sán Chải"], full_name="Lù A Chứ"),
        "bac_ha_2025": make_person(residence_unit=new["Thôn Bắc Hà 1"], full_name="Vàng A Dình"),
        "coc_ly_2025": make_person(residence_unit=new["Xã Cốc Ly"], full_name="Ly A Cở"),
    }
    return {"units": {**units, **new}, "people": people}


def _seen(user) -> set[str]:
    user = type(user).objects.select_related("home_unit").get(pk=user.pk)  # as a request loads it
    return {p.full_name for p in person_search(user=user)}


def test_a_2025_commune_sees_what_its_2021_communes_filed(reform):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=reform["units"]["Xã Bắc Hà"])

    assert _seen(user) == {"Giàng A Lử", "Thào A Sử", "Vàng A Dình"}


def test_a_2025_province_user_sees_the_2021_records_of_the_units_it_succeeded(reform):
    user = make_user(role=Role.PROVINCE_LEADER, home_unit=reform["units"]["Tỉnh Lào Cai (2025)"])

    assert _seen(user) == {"Giàng A Lử", "Thào A Sử", "Lù A Chứ", "Vàng A Dình", "Ly A Cở"}


def test_a_2021_commune_does_not_see_its_neighbour_but_sees_2025_records_of_its_successor(reform):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=reform["units"]["Xã Bản Phố"])

    # Not Lùng Phình's 2021 record, though both communes became Xã Bắc Hà.
    assert _seen(user) == {"Giàng A Lử", "Vàng A Dình"}


def test_a_split_commune_follows_only_its_main_successor(reform):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=reform["units"]["Xã Lùng Phình"])

    assert _seen(user) == {"Thào A Sử", "Vàng A Dình"}  # not Cốc Ly, which took a small part


def test_linked_paths_are_the_other_eras_subtrees(reform):
    units = reform["units"]
    units["Xã Bắc Hà"].refresh_from_db()
    units["Huyện Bắc Hà"].refresh_from_db()

    assert units["Xã Bắc Hà"].linked_path_list == sorted(
        [units["Xã Bản Phố"].path, units["Xã Lùng Phình"].path]
    )
    assert units["Huyện Bắc Hà"].linked_path_list == [units["Xã Bắc Hà"].path]
    assert unit_links_refresh() == 0  # recomputing changes nothing


@pytest.fixture
def officer(units):
    return make_user(role=Role.CHECKPOINT_OFFICER, home_unit=units["Xã Bản Phố"], username="chot_bacha")


def test_extra_units_widen_the_jurisdiction_to_their_subtrees(units, officer, system_admin):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử")
    make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào A Sử")
    make_person(residence_unit=units["Thôn Sán Chải"], full_name="Lù A Chứ")

    user_extra_units_set(actor=system_admin, user=officer, units=[units["Xã Lùng Phình"]])

    officer.refresh_from_db()
    assert officer.extra_unit_paths == units["Xã Lùng Phình"].path
    assert _seen(officer) == {"Giàng A Lử", "Thào A Sử"}
    event = AuditEvent.objects.get(event="accounts.extra_units_set")
    assert event.changes == {"extra_units": [[], [units["Xã Lùng Phình"].path]]}


def test_extra_units_are_set_by_someone_who_manages_users_inside_their_own_jurisdiction(
    units, officer, district_leader
):
    with pytest.raises(PermissionDenied):
        user_extra_units_set(actor=district_leader, user=officer, units=[units["Xã Lùng Phình"]])

    officer.refresh_from_db()
    assert officer.extra_unit_paths == ""
    assert not AuditEvent.objects.exists()


def test_extra_units_of_another_map_are_refused(units, officer):
    other_era = make_era(code="2025")
    elsewhere = make_area_tree(("Tỉnh Mới",), era=other_era)["Tỉnh Mới"]

    with pytest.raises(ValidationError) as caught:
        user_extra_units_set(actor=None, user=officer, units=[elsewhere])

    assert caught.value.message_dict == {
        "extra_units": ["Các đơn vị phụ trách thêm phải cùng bản đồ hành chính với đơn vị chính."]
    }
    assert not officer.extra_units.exists()
    assert Person.objects.unscoped().count() == 0
    assert AdminUnit.objects.unscoped().filter(pk=elsewhere.pk).exists()
