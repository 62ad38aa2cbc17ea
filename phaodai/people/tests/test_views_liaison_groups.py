"""The tổ liên gia pages: list, detail, edit (issue 7, point 7), and dropdowns an officer can read."""

from __future__ import annotations

import re

from phaodai.audit.models import AuditEvent
from phaodai.people.models import LiaisonGroup
from phaodai.people.services import liaison_group_update
from phaodai.people.tests.factories import make_household, make_liaison_group, make_person


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _options(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S)
    assert select is not None, name
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r"<option[^>]*>(.*?)</option>", select.group(0), re.S)
    ]


def test_the_list_shows_each_group_with_place_leader_and_size(world):
    group = world.groups["own"]
    make_household(unit=world.units["Thôn Bản Phố 1"], code="BP1-010", liaison_group=group)

    response = world.client_for("own_commune").get("/nhan-khau/to-lien-gia/")

    text = _text(response.content.decode())
    assert [g.name for g in response.context["page"]] == ["Tổ liên gia Bản Phố Một"]
    assert "Tổ liên gia Bản Phố Một Thôn Bản Phố 1 · Tổ trưởng: Giàng Seo Páo · 1 hộ, 0 người" in text
    assert "Tổ liên gia Suối Thầu" not in text


def test_a_district_list_names_the_commune_and_finds_by_name_or_leader(world):
    client = world.client_for("parent_district")

    by_name = client.get("/nhan-khau/to-lien-gia/", {"q": "suoi thau"})
    by_leader = client.get("/nhan-khau/to-lien-gia/", {"q": "giang seo"})
    nothing = client.get("/nhan-khau/to-lien-gia/", {"q": "khong co"})

    assert [g.name for g in by_name.context["page"]] == ["Tổ liên gia Suối Thầu"]
    assert "Thôn Lùng Phình, Xã Lùng Phình · Tổ trưởng: Thào Thị Mỷ" in _text(by_name.content.decode())
    assert [g.name for g in by_leader.context["page"]] == ["Tổ liên gia Bản Phố Một"]
    assert "Không tìm thấy tổ liên gia nào khớp với điều kiện tìm." in nothing.content.decode()


def test_an_empty_list_offers_to_create_the_first_group(world, units):
    LiaisonGroup.objects.filter(pk=world.groups["own"].pk).delete()

    body = world.client_for("own_commune").get("/nhan-khau/to-lien-gia/").content.decode()

    assert "Chưa có tổ liên gia nào trong địa bàn này." in body
    assert 'href="/nhan-khau/to-lien-gia/them/">Thêm tổ liên gia đầu tiên</a>' in body


def test_the_detail_page_lists_the_households_and_the_history(world):
    group = world.groups["own"]
    household = world.households["own"]
    household.liaison_group = group
    household.save(update_fields=["liaison_group"])

    response = world.client_for("own_commune").get(f"/nhan-khau/to-lien-gia/{group.pk}/")

    text = _text(response.content.decode())
    assert response.status_code == 200
    assert "Thôn, tổ dân phố Thôn Bản Phố 1, Xã Bản Phố, Huyện Bắc Hà" in text
    assert "Tổ trưởng Giàng Seo Páo · 0912000111" in text
    assert "Hộ BP1-007 Chủ hộ: Giàng Seo Páo · 1 người · Nhà số 7, Thôn Bản Phố 1" in text
    assert f'href="/nhan-khau/to-lien-gia/{group.pk}/sua/"' in response.content.decode()


def test_a_group_without_households_says_how_to_add_them(world):
    body = world.client_for("own_commune").get(f"/nhan-khau/to-lien-gia/{world.groups['own'].pk}/")

    assert "Tổ chưa có hộ nào. Gán hộ vào tổ ở trang sửa hộ gia đình." in body.content.decode()


def test_edit_renames_and_picks_the_leader_among_the_groups_households_with_an_audit_row(world):
    group = world.groups["own"]
    village = world.units["Thôn Bản Phố 1"]
    household = make_household(unit=village, code="BP1-011", liaison_group=group)
    member = make_person(
        residence_unit=village, full_name="Vàng Seo Chứ", birth_year=1975, household=household
    )
    client = world.client_for("own_commune")

    page = client.get(f"/nhan-khau/to-lien-gia/{group.pk}/sua/")
    response = client.post(
        f"/nhan-khau/to-lien-gia/{group.pk}/sua/",
        {"name": "Tổ liên gia số 1", "leader": member.pk, "version": group.version},
    )

    assert _options(page.content.decode(), "leader") == [
        "— Chưa chọn —",
        "Giàng Seo Páo (1961) · Hộ BP1-007",
        "Vàng Seo Chứ (1975) · Hộ BP1-011",
    ]
    group.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/nhan-khau/to-lien-gia/{group.pk}/"
    assert (group.name, group.leader) == ("Tổ liên gia số 1", member)
    event = AuditEvent.objects.get(target_type="people.liaisongroup", target_id=group.pk)
    assert event.changes == {
        "name": ["Tổ liên gia Bản Phố Một", "Tổ liên gia số 1"],
        "leader": [world.people["own"].pk, member.pk],
    }


def test_edit_refuses_a_name_taken_in_the_village_and_a_leader_from_elsewhere(world):
    group = world.groups["own"]
    make_liaison_group(unit=world.units["Thôn Bản Phố 1"], name="Tổ liên gia số 2")
    client = world.client_for("own_commune")

    taken = client.post(
        f"/nhan-khau/to-lien-gia/{group.pk}/sua/", {"name": "to lien gia so 2", "version": group.version}
    )
    foreign = client.post(
        f"/nhan-khau/to-lien-gia/{group.pk}/sua/",
        {"name": group.name, "leader": world.people["own_twin"].pk, "version": group.version},
    )

    assert taken.context["form"].errors["name"] == ["Tổ liên gia “to lien gia so 2” đã có ở Thôn Bản Phố 1."]
    assert foreign.context["form"].errors["leader"] == ["Tổ trưởng phải là người trong các hộ của tổ."]
    group.refresh_from_db()
    assert (group.name, group.leader) == ("Tổ liên gia Bản Phố Một", world.people["own"])
    assert not AuditEvent.objects.filter(target_type="people.liaisongroup").exists()


def test_an_edit_made_on_an_older_version_shows_what_changed_instead_of_saving(world):
    group = world.groups["own"]
    client = world.client_for("own_commune")
    opened_on = group.version
    liaison_group_update(actor=world.users["own_commune"], group=group, name="Tổ liên gia đổi tên trước")

    response = client.post(
        f"/nhan-khau/to-lien-gia/{group.pk}/sua/", {"name": "Tên của tôi", "version": opened_on}
    )

    body = response.content.decode()
    group.refresh_from_db()
    assert response.status_code == 200
    assert group.name == "Tổ liên gia đổi tên trước"
    assert [c.label for c in response.context["changed_meanwhile"]] == ["Tên tổ"]
    assert 'value="Tổ liên gia đổi tên trước"' in body
    assert f'name="version" value="{group.version}"' in body


def test_an_edit_without_a_version_asks_to_reload(world):
    group = world.groups["own"]

    response = world.client_for("own_commune").post(
        f"/nhan-khau/to-lien-gia/{group.pk}/sua/", {"name": "Tên mới"}
    )

    group.refresh_from_db()
    assert "Trang đã cũ; hãy tải lại trang rồi sửa." in response.content.decode()
    assert group.name == "Tổ liên gia Bản Phố Một"


def test_the_menu_has_the_groups_and_marks_them_current(world):
    body = world.client_for("own_commune").get("/nhan-khau/to-lien-gia/").content.decode()

    assert '<a href="/nhan-khau/to-lien-gia/" aria-current="page">Tổ liên gia</a>' in body


# --- dropdowns ---------------------------------------------------------------------------------


def test_the_household_dropdown_shows_the_head_and_the_village(world):
    body = world.client_for("own_commune").get("/nhan-khau/them/").content.decode()

    assert _options(body, "household") == [
        "— Chưa gắn với hộ nào —",
        "BP1-007 · Chủ hộ: Giàng Seo Páo · Thôn Bản Phố 1",
    ]


def test_the_group_dropdown_shows_the_village_and_the_leader(world):
    make_liaison_group(
        unit=world.units["Thôn Bản Phố 2"], name="Tổ liên gia Bản Phố Một"
    )  # same name, other village

    body = (
        world.client_for("own_commune")
        .get(f"/nhan-khau/ho/{world.households['own'].pk}/sua/")
        .content.decode()
    )

    assert _options(body, "liaison_group") == [
        "— Chưa thuộc tổ nào —",
        "Tổ liên gia Bản Phố Một · Thôn Bản Phố 1 · Tổ trưởng: Giàng Seo Páo",
        "Tổ liên gia Bản Phố Một · Thôn Bản Phố 2",
    ]
    assert _options(body, "head") == ["— Chưa chọn —", "Giàng Seo Páo (1961) · Hộ BP1-007"]


def test_the_list_query_count_is_pinned(world, django_assert_num_queries):
    client = world.client_for("own_commune")
    client.get("/nhan-khau/to-lien-gia/")

    # session, user, home unit, count, page (unit, commune, district, leader joined; sizes), breadcrumb, children
    with django_assert_num_queries(7):
        client.get("/nhan-khau/to-lien-gia/")
