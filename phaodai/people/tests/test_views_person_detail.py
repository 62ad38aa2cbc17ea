"""The resident's page and their history: labels, dd/mm/yyyy, who changed what, before → after."""

from __future__ import annotations

from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.people.services import person_merge, person_update
from tests.world import MODEL_BACKEND


def test_detail_shows_every_field_readably(world):
    own = world.people["own"]

    body = world.client_for("own_commune").get(f"/nhan-khau/{own.pk}/").content.decode()

    for text in (
        "Giàng Seo Páo",
        "09/04/1961",
        "010061000111",
        'href="tel:0912000111"',
        "Kinh",
        "Thôn Bản Phố 1",
        "Thường trú",
        "Tăng huyết áp; Đái tháo đường",
        "Nguy cơ cao",
        "Hộ BP1-007",
        "Chủ hộ",
    ):
        assert text in body, text


def test_detail_of_someone_staying_elsewhere_says_where(world):
    twin = world.people["own_twin"]

    body = world.client_for("own_commune").get(f"/nhan-khau/{twin.pk}/").content.decode()

    assert "Đang ở nơi khác — Khu công nghiệp Quang Châu, Bắc Giang" in body
    assert "Năm 1961 (chưa rõ ngày)" in body


def test_history_shows_who_when_and_what_changed_with_labels(world):
    own = world.people["own"]
    leader = world.users["own_commune"]
    person_update(
        actor=leader,
        person=own,
        phone="0977111222",
        residence_status="away",
        away_location="Hà Nội",
        birth_date=None,
        birth_year=1961,
        residence_unit=world.units["Thôn Bản Phố 2"],
        household=None,
    )

    response = world.client_for("own_commune").get(f"/nhan-khau/{own.pk}/lich-su/")
    body = response.content.decode()

    assert response.status_code == 200
    assert "Sửa" in body
    assert leader.first_name in body
    for label, before, after in (
        ("Số điện thoại", "0912000111", "0977111222"),
        ("Tình trạng cư trú", "Thường trú", "Đang ở nơi khác"),
        ("Ngày sinh", "09/04/1961", "—"),
        ("Nơi cư trú", "Thôn Bản Phố 1", "Thôn Bản Phố 2"),
        ("Hộ", "BP1-007", "—"),
    ):
        assert f'<tr><th scope="row">{label}</th><td>{before}</td><td>{after}</td></tr>' in body, label


def test_detail_shows_the_latest_changes_with_a_link_to_the_full_history(world):
    own = world.people["own"]
    leader = world.users["own_commune"]
    for number in range(6):
        person_update(actor=leader, person=own, notes=f"Ghi chú số {number}")

    body = world.client_for("own_commune").get(f"/nhan-khau/{own.pk}/").content.decode()

    assert "Ghi chú số 5" in body
    assert body.count('<p class="muted">Sửa thông tin nhân khẩu</p>') == 5
    assert f'href="/nhan-khau/{own.pk}/lich-su/"' in body


def test_history_needs_the_audit_capability(units, world):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = Client()
    client.force_login(member, backend=MODEL_BACKEND)
    own = world.people["own"]

    detail = client.get(f"/nhan-khau/{own.pk}/")
    history = client.get(f"/nhan-khau/{own.pk}/lich-su/")

    assert detail.status_code == 200
    assert "Lịch sử thay đổi" not in detail.content.decode()
    assert history.status_code == 403


def test_merged_record_points_to_the_survivor_and_cannot_be_edited(world):
    own, twin = world.people["own"], world.people["own_twin"]
    twin.merged_into = own
    twin.save(update_fields=["merged_into"])
    client = world.client_for("own_commune")

    body = client.get(f"/nhan-khau/{twin.pk}/").content.decode()
    edit = client.get(f"/nhan-khau/{twin.pk}/sua/", follow=True)

    assert f'<a href="/nhan-khau/{own.pk}/">Giàng Seo Páo</a>' in body
    assert f'href="/nhan-khau/{twin.pk}/sua/"' not in body
    assert "không sửa được nữa" in edit.content.decode()


def test_detail_query_count_is_pinned(world, django_assert_num_queries):
    client = world.client_for("own_commune")
    own = world.people["own"]
    client.get(f"/nhan-khau/{own.pk}/")

    # session, user, home unit, person (with unit, household, survivor), the access-log row,
    # household members, history; the cases app's timeline (the person's cases, their severity
    # steps, their care episodes) and panel (the open case), added through core.shell; the
    # labtests timeline (the person's results, their proposals); the homecare timeline and panel;
    # the establishments panel (the person's workplaces and schools, one query)
    with django_assert_num_queries(17):
        client.get(f"/nhan-khau/{own.pk}/")


def test_history_of_a_merge_shows_the_values_taken_and_the_merged_record(world):
    own, twin = world.people["own"], world.people["own_twin"]
    person_merge(
        actor=world.users["own_commune"],
        survivor=own,
        duplicate=twin,
        field_choices={"full_name": "duplicate"},
    )
    client = world.client_for("own_commune")

    survivor_history = client.get(f"/nhan-khau/{own.pk}/lich-su/").content.decode()
    duplicate_history = client.get(f"/nhan-khau/{twin.pk}/lich-su/").content.decode()

    assert "Gộp hồ sơ" in survivor_history
    assert (
        '<tr><th scope="row">Họ và tên</th><td>Giàng Seo Páo</td><td>Giàng Seo Pao</td></tr>'
        in survivor_history
    )
    assert "Bị gộp vào hồ sơ khác" in duplicate_history
    assert (
        '<tr><th scope="row">Được gộp vào hồ sơ</th><td>—</td><td>Giàng Seo Pao</td></tr>'
        in duplicate_history
    )
