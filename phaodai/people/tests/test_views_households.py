"""Household pages: list, detail with members, create and edit (head, inter-household group)."""

from __future__ import annotations

import uuid

from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.people.models import Household, LiaisonGroup
from phaodai.people.tests.factories import make_liaison_group


def test_list_shows_households_with_head_and_member_count(world):
    response = world.client_for("own_commune").get("/nhan-khau/ho/")
    body = response.content.decode()

    assert [h.code for h in response.context["page"].object_list] == ["BP1-007"]
    assert "Hộ BP1-007" in body
    assert "Chủ hộ: Giàng Seo Páo · 1 người · Thôn Bản Phố 1" in body


def test_list_search_by_code_and_htmx_partial(world):
    client = world.client_for("parent_district")

    found = client.get("/nhan-khau/ho/", {"q": "LP-"}, headers={"HX-Request": "true", "HX-Target": "results"})
    none = client.get("/nhan-khau/ho/", {"q": "XYZ"})

    partial = found.content.decode()
    assert partial.lstrip().startswith('<section id="results"')
    assert "Hộ LP-003" in partial
    assert "BP1-007" not in partial
    assert "Không tìm thấy hộ gia đình nào khớp với điều kiện tìm." in none.content.decode()


def test_detail_lists_members_and_offers_to_add_one(world):
    household = world.households["own"]

    body = world.client_for("own_commune").get(f"/nhan-khau/ho/{household.pk}/").content.decode()

    assert "Giàng Seo Páo" in body
    assert "Nhà số 7, Thôn Bản Phố 1" in body
    assert f'href="/nhan-khau/them/?household={household.pk}"' in body


def test_create_household_with_a_liaison_group(world):
    group = make_liaison_group(unit=world.units["Thôn Bản Phố 2"], name="Tổ liên gia số 1")
    client = world.client_for("own_commune")

    response = client.post(
        "/nhan-khau/ho/them/",
        {
            "uuid": str(uuid.UUID(int=11)),
            "unit": world.units["Thôn Bản Phố 2"].pk,
            "code": "bp2-001",
            "address": "Nhà số 1",
            "liaison_group": group.pk,
        },
    )

    household = Household.objects.get(uuid=uuid.UUID(int=11))
    assert response.status_code == 302
    assert response["Location"] == f"/nhan-khau/ho/{household.pk}/"
    assert (household.code, household.liaison_group) == ("BP2-001", group)
    assert (
        AuditEvent.objects.get(target_type="people.household", target_id=household.pk).action
        == AuditAction.CREATED
    )


def test_create_household_with_a_taken_code_shows_the_error_and_saves_nothing(world):
    before = Household.objects.count()

    response = world.client_for("own_commune").post(
        "/nhan-khau/ho/them/", {"unit": world.units["Thôn Bản Phố 1"].pk, "code": "BP1-007"}
    )

    assert response.status_code == 200
    assert "Mã hộ BP1-007 đã có ở Thôn Bản Phố 1." in response.content.decode()
    assert Household.objects.count() == before


def test_create_household_in_a_unit_outside_the_jurisdiction_is_refused(world):
    before = Household.objects.count()

    response = world.client_for("own_commune").post(
        "/nhan-khau/ho/them/", {"unit": world.units["Thôn Lùng Phình"].pk, "code": "X-1"}
    )

    assert "Đơn vị không thuộc địa bàn bạn phụ trách." in response.content.decode()
    assert Household.objects.count() == before


def test_edit_household_changes_the_address_and_the_group(world):
    household = world.households["own"]
    group = make_liaison_group(unit=world.units["Thôn Bản Phố 1"], name="Tổ liên gia số 2")

    response = world.client_for("own_commune").post(
        f"/nhan-khau/ho/{household.pk}/sua/",
        {
            "code": "BP1-007",
            "address": "Nhà số 9",
            "liaison_group": group.pk,
            "head": world.people["own"].pk,
            "version": household.version,  # the hidden field of the page the officer opened
        },
    )

    household.refresh_from_db()
    assert response.status_code == 302
    assert (household.address, household.liaison_group) == ("Nhà số 9", group)
    event = AuditEvent.objects.get(target_type="people.household", target_id=household.pk)
    assert event.changes == {
        "address": ["Nhà số 7, Thôn Bản Phố 1", "Nhà số 9"],
        "liaison_group": [None, group.pk],
    }


def test_edit_household_head_must_be_a_member(world):
    household = world.households["own"]

    response = world.client_for("own_commune").post(
        f"/nhan-khau/ho/{household.pk}/sua/", {"code": "BP1-007", "head": world.people["own_twin"].pk}
    )

    household.refresh_from_db()
    assert "Chủ hộ phải là một thành viên của hộ." in response.content.decode()
    assert household.head == world.people["own"]


def test_create_liaison_group(world):
    response = world.client_for("own_commune").post(
        "/nhan-khau/to-lien-gia/them/", {"unit": world.units["Thôn Bản Phố 1"].pk, "name": "Tổ liên gia số 3"}
    )

    group = LiaisonGroup.objects.get(name="Tổ liên gia số 3")
    assert response.status_code == 302
    assert response["Location"] == f"/nhan-khau/to-lien-gia/{group.pk}/"  # the new group's page (issue 7)
    assert group.area_path == world.units["Thôn Bản Phố 1"].path


def test_household_list_query_count_is_pinned(world, django_assert_num_queries):
    client = world.client_for("own_commune")
    client.get("/nhan-khau/ho/")

    # session, user, home unit, count, page (head, unit, group joined; member count), breadcrumb, children
    with django_assert_num_queries(7):
        client.get("/nhan-khau/ho/")
