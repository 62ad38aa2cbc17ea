"""Creating and editing a resident through the pages: Vietnamese errors, nothing saved on
error, the likely-duplicate warning before saving, HTMX checks by the same form."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from phaodai.people.models import Person
from tests.world import MODEL_BACKEND


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _valid(world, **overrides) -> dict[str, str]:
    data = {
        "uuid": str(uuid.UUID(int=7)),
        "full_name": "sùng thị dợ",
        "sex": "F",
        "birth_date": "12/05/1995",
        "birth_year": "",
        "national_id": "010195000555",
        "phone": "0987 654 321",
        "ethnicity": "08",
        "residence_unit": str(world.units["Thôn Bản Phố 2"].pk),
        "household": "",
        "residence_status": "permanent",
        "away_location": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_create_page_has_vietnamese_labels_and_a_fresh_uuid(world):
    response = world.client_for("own_commune").get("/nhan-khau/them/")
    body = response.content.decode()

    assert response.status_code == 200
    for label in ("Họ và tên", "Giới tính", "Ngày sinh", "Năm sinh", "Số CCCD/CMND", "Dân tộc", "Bệnh nền"):
        assert label in body
    assert 'placeholder="dd/mm/yyyy"' in body
    assert response.context["form"].initial["uuid"] is not None
    assert f'<option value="{world.units["Thôn Bản Phố 2"].pk}">Thôn Bản Phố 2 — Xã Bản Phố</option>' in body
    assert "Thôn Lùng Phình" not in body


def test_create_saves_the_resident_and_goes_to_the_detail_page(world):
    client = world.client_for("own_commune")

    response = client.post("/nhan-khau/them/", _valid(world, chronic_conditions=["asthma"]))

    person = Person.objects.get(uuid=uuid.UUID(int=7))
    assert response.status_code == 302
    assert response["Location"] == f"/nhan-khau/{person.pk}/"
    assert (person.full_name, person.birth_year, person.phone, person.national_id) == (
        "Sùng Thị Dợ",
        1995,
        "0987654321",
        "010195000555",
    )
    assert person.chronic_conditions == ["asthma"]
    assert person.is_high_risk is True
    assert (
        AuditEvent.objects.get(target_type="people.person", target_id=person.pk).action == AuditAction.CREATED
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Đã thêm nhân khẩu Sùng Thị Dợ." in detail
    assert "12/05/1995" in detail
    assert "Hmông" in detail
    assert "Hen phế quản" in detail


def test_sending_the_same_form_twice_creates_one_resident(world):
    client = world.client_for("own_commune")

    client.post("/nhan-khau/them/", _valid(world))
    again = client.post("/nhan-khau/them/", _valid(world), follow=True)

    assert Person.objects.filter(full_name="Sùng Thị Dợ").count() == 1
    assert "Hồ sơ này đã được lưu trước đó." in again.content.decode()


@pytest.mark.parametrize(
    ("_case", "field", "value", "message"),
    [
        (
            "cccd too short",
            "national_id",
            "12345",
            "Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số.",
        ),
        ("cccd letters", "national_id", "01019500055A", "Số CCCD/CMND chỉ gồm chữ số."),
        (
            "cccd province",
            "national_id",
            "999195000555",
            "Mã tỉnh 999 ở đầu số CCCD không có trong danh mục của Bộ Công an.",
        ),
        ("phone", "phone", "12345", "Số điện thoại không hợp lệ: 12345."),
        (
            "date",
            "birth_date",
            "31/02/1995",
            "Ngày sinh không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1980.",
        ),
        (
            "date format",
            "birth_date",
            "1995.05.12",
            "Ngày sinh không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1980.",
        ),
        ("no birth", "birth_date", "", "Cần nhập năm sinh hoặc ngày sinh."),
        ("no name", "full_name", "", "Hãy nhập họ và tên."),
    ],
)
def test_malformed_input_shows_the_vietnamese_error_and_creates_nothing(world, _case, field, value, message):
    people_before = Person.objects.count()
    audit_before = AuditEvent.objects.count()

    response = world.client_for("own_commune").post("/nhan-khau/them/", _valid(world, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == people_before
    assert AuditEvent.objects.count() == audit_before


def test_a_rule_broken_in_the_service_is_shown_on_its_field(world):
    """The form accepts a pregnant man; the service refuses and the page shows why, in place."""
    response = world.client_for("own_commune").post(
        "/nhan-khau/them/", _valid(world, sex="M", national_id="", is_pregnant="on")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["is_pregnant"] == ["Nam giới không thể đang mang thai."]
    assert not Person.objects.filter(full_name="Sùng Thị Dợ").exists()


def test_a_residence_unit_outside_the_jurisdiction_is_refused(world):
    response = world.client_for("own_commune").post(
        "/nhan-khau/them/", _valid(world, residence_unit=str(world.units["Thôn Lùng Phình"].pk))
    )

    assert "Nơi cư trú không thuộc địa bàn bạn phụ trách." in response.content.decode()
    assert not Person.objects.filter(full_name="Sùng Thị Dợ").exists()


def test_likely_duplicate_is_shown_before_saving_and_can_be_overridden(world):
    client = world.client_for("own_commune")
    same = _valid(
        world,
        full_name="Giàng Seo Páo",
        sex="M",
        birth_date="09/04/1961",
        national_id="",
        phone="0912000111",
        ethnicity="08",
        residence_unit=str(world.units["Thôn Bản Phố 1"].pk),
    )
    before = Person.objects.count()

    warned = client.post("/nhan-khau/them/", same)
    saved = client.post("/nhan-khau/them/", {**same, "confirm_duplicates": "1"})

    body = warned.content.decode()
    assert warned.status_code == 200
    assert "Có thể người này đã có hồ sơ" in body
    assert f'href="/nhan-khau/{world.people["own"].pk}/"' in body
    assert "Không phải người này, vẫn lưu hồ sơ mới" in body
    assert 'value="Giàng Seo Páo"' in body  # what was typed is kept
    assert saved.status_code == 302
    assert Person.objects.count() == before + 1


def test_live_duplicate_panel_while_typing(world):
    response = world.client_for("own_commune").post(
        "/nhan-khau/them/trung/",
        {"full_name": "giang seo pao", "birth_year": "1961", "phone": "0912000111", "sex": "M"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()

    assert body.lstrip().startswith('<div id="duplicates"')
    assert "Giàng Seo Páo" in body
    assert "vẫn lưu" not in body


def test_live_duplicate_panel_never_offers_residents_outside_the_jurisdiction(world):
    response = world.client_for("sibling_commune").post(
        "/nhan-khau/them/trung/",
        {
            "full_name": "Giàng Seo Páo",
            "birth_year": "1961",
            "phone": "0912000111",
            "national_id": "010061000111",
        },
        headers={"HX-Request": "true"},
    )

    assert "Giàng" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("national_id", "12345", "Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số."),
        ("phone", "0123", "Số điện thoại không hợp lệ: 0123"),
        ("birth_date", "40/40/2000", "Ngày sinh không hợp lệ."),
        ("national_id", "010195000555", ""),
    ],
)
def test_field_is_checked_on_blur_by_the_same_form(world, field, value, expected):
    response = world.client_for("own_commune").post(
        "/nhan-khau/them/kiem-tra/",
        {field: value},
        headers={"HX-Request": "true", "HX-Trigger-Name": field, "HX-Target": f"err-{field}"},
    )
    body = response.content.decode().strip()

    assert body.startswith(f'<p class="field-error" id="err-{field}"')
    assert expected in body
    if not expected:
        assert body.endswith('aria-live="polite"></p>')


def test_field_check_of_an_unknown_field_is_404(world):
    response = world.client_for("own_commune").post(
        "/nhan-khau/them/kiem-tra/", {}, headers={"HX-Request": "true", "HX-Trigger-Name": "is_high_risk"}
    )

    assert response.status_code == 404


def test_fields_carry_the_htmx_check(world):
    body = world.client_for("own_commune").get("/nhan-khau/them/").content.decode()

    assert 'hx-post="/nhan-khau/them/kiem-tra/"' in body
    assert 'hx-target="#err-national_id"' in body
    assert 'hx-post="/nhan-khau/them/trung/"' in body


def test_create_from_a_household_page_preselects_it(world):
    household = world.households["own"]

    response = world.client_for("own_commune").get("/nhan-khau/them/", {"household": household.pk})

    form = response.context["form"]
    assert form.initial["household"] == household
    assert form.initial["residence_unit"] == household.unit
    assert "Thêm thành viên cho hộ BP1-007." in response.content.decode()


def test_create_from_a_household_outside_the_jurisdiction_is_404(world):
    response = world.client_for("own_commune").get(
        "/nhan-khau/them/", {"household": world.households["sibling"].pk}
    )

    assert response.status_code == 404


def test_province_leader_is_asked_to_narrow_the_area_first(units, world):
    leader = make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"])

    body = _client(leader).get("/nhan-khau/them/").content.decode()

    assert "Địa bàn đang xem quá rộng để liệt kê các thôn." in body
    assert "Thôn Bản Phố 1" not in body


def test_community_member_creates_in_their_own_village(units, world):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = _client(member)

    page = client.get("/nhan-khau/them/")
    response = client.post("/nhan-khau/them/", _valid(world, residence_unit=str(units["Thôn Bản Phố 1"].pk)))

    assert page.context["form"].initial["residence_unit"] == units["Thôn Bản Phố 1"]
    assert response.status_code == 302
    assert Person.objects.get(uuid=uuid.UUID(int=7)).created_by == member


def test_viewer_may_not_create(units, world):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])

    response = _client(viewer).post("/nhan-khau/them/", _valid(world))

    assert response.status_code == 403
    assert not Person.objects.filter(full_name="Sùng Thị Dợ").exists()


def test_edit_page_shows_the_stored_values(world):
    own = world.people["own"]

    response = world.client_for("own_commune").get(f"/nhan-khau/{own.pk}/sua/")
    body = response.content.decode()

    assert 'value="09/04/1961"' in body
    assert 'value="Giàng Seo Páo"' in body
    assert 'value="hypertension" hx-post' in body or 'value="hypertension"' in body
    assert response.context["form"].initial["chronic_conditions"] == ["hypertension", "diabetes"]


def test_edit_saves_only_what_changed_and_audits_it(world):
    own = world.people["own"]
    client = world.client_for("own_commune")
    data = {
        "full_name": own.full_name,
        "sex": own.sex,
        "birth_date": "09/04/1961",
        "birth_year": "1961",
        "national_id": own.national_id,
        "phone": "0977 111 222",
        "ethnicity": own.ethnicity,
        "residence_unit": str(own.residence_unit_id),
        "household": str(own.household_id),
        "residence_status": "permanent",
        "chronic_conditions": ["hypertension", "diabetes"],
        "version": str(own.version),  # the hidden field of the page the officer opened
    }

    response = client.post(f"/nhan-khau/{own.pk}/sua/", data)

    own.refresh_from_db()
    assert response.status_code == 302
    assert own.phone == "0977111222"
    event = AuditEvent.objects.get(target_type="people.person", target_id=own.pk)
    assert event.changes == {"phone": ["0912000111", "0977111222"]}


def test_edit_with_a_malformed_phone_changes_nothing(world):
    own = world.people["own"]
    data = {
        "full_name": own.full_name,
        "sex": own.sex,
        "birth_year": "1961",
        "birth_date": "09/04/1961",
        "phone": "09-12",
        "ethnicity": own.ethnicity,
        "residence_unit": str(own.residence_unit_id),
        "residence_status": "permanent",
    }

    response = world.client_for("own_commune").post(f"/nhan-khau/{own.pk}/sua/", data)

    own.refresh_from_db()
    assert "Số điện thoại không hợp lệ: 09-12 (di động 10 số" in response.content.decode()
    assert own.phone == "0912000111"
    assert not AuditEvent.objects.filter(target_type="people.person", target_id=own.pk).exists()


def test_each_field_is_checked_as_it_is_left_and_never_waits_for_another(world):
    """Issue 7, point 6: checks on `blur` (a box) or `change` (a choice), each replacing only its own."""
    body = world.client_for("own_commune").get("/nhan-khau/them/").content.decode()

    def attrs(field_id):
        tag = re.search(rf"<(?:input|select|textarea)[^>]*id=\"{field_id}\"[^>]*>", body)
        assert tag is not None, field_id
        return dict(re.findall(r'(hx-[a-z]+)="([^"]*)"', tag.group(0)))

    for box in ("id_full_name", "id_birth_date", "id_birth_year", "id_national_id", "id_phone", "id_notes"):
        assert attrs(box)["hx-trigger"] == "blur", box
        assert attrs(box)["hx-sync"] == "this:replace", box
    for choice in ("id_sex_0", "id_residence_unit", "id_ethnicity", "id_is_pregnant"):
        assert attrs(choice)["hx-trigger"] == "change", choice
    wrapper = re.search(r'<div id="duplicate-check"[^>]*>', body)
    assert wrapper is not None
    assert 'hx-target="#duplicates"' in wrapper.group(0)
    assert 'hx-sync="this:replace"' in wrapper.group(0)
    assert (
        'hx-trigger="blur from:#id_full_name, blur from:#id_birth_year, blur from:#id_birth_date, '
        "blur from:#id_national_id, blur from:#id_phone, change from:input[name=sex], "
        'change from:#id_residence_unit"'
    ) in wrapper.group(0)
    # the panel it refreshes is inside, and is what the check answers (test_live_duplicate_panel_while_typing)
    assert body.index('<div id="duplicate-check"') < body.index('<div id="duplicates"')
