"""/api/v1/people/: jurisdiction, idempotent creation, validation, query counts, schema."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

LIST = "/api/v1/people/"
THIS_YEAR = timezone.localdate().year
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy."}}
NOT_AUTHENTICATED = {
    "error": {"code": "not_authenticated", "message": "Cần đăng nhập hoặc mã truy cập hợp lệ."}
}


def detail(person: Person) -> str:
    return f"/api/v1/people/{person.pk}/"


@pytest.fixture
def other_province_leader(units):
    return make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Pa Tần"], username="canbo_patan")


@pytest.fixture
def pa_tan_resident(units):
    return make_person(residence_unit=units["Bản Pa Tần"], full_name="Lò Văn Pả", birth_year=1975)


def _client(request, who: str):
    return anonymous_client() if who == "anonymous" else token_client(request.getfixturevalue(who))


def _names(response) -> list[str]:
    return [row["full_name"] for row in response.json()["results"]]


def _leaks(response, person: Person) -> bool:
    """Whether anything identifying ``person`` appears anywhere in the response body."""
    text = response.content.decode()
    markers = [str(person.uuid), f'"id":{person.pk},']
    markers += [value for value in (person.national_id, person.phone) if value]
    return any(marker in text for marker in markers)


# --- list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("commune_leader", ["Nguyễn Thị Bình", "Nguyễn Văn An"]),
        ("community_member", ["Nguyễn Thị Bình", "Nguyễn Văn An"]),
        ("other_commune_leader", ["Nguyễn Văn Anh"]),
        ("district_leader", ["Nguyễn Thị Bình", "Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("province_leader", ["Nguyễn Thị Bình", "Nguyễn Văn An", "Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("other_province_leader", ["Lò Văn Pả"]),
    ],
)
def test_the_list_shows_only_the_jurisdiction(request, residents, pa_tan_resident, who, expected):
    response = _client(request, who).get(LIST)

    assert response.status_code == 200
    assert_matches_schema(response, "person_list")
    assert _names(response) == expected
    assert response.json()["count"] == len(expected)


def test_a_sibling_commune_never_sees_the_other_communes_people(other_commune_leader, residents):
    response = token_client(other_commune_leader).get(LIST, {"q": "Nguyễn"})

    assert _names(response) == ["Nguyễn Văn Anh"]
    assert not _leaks(response, residents["an"])
    assert not _leaks(response, residents["binh"])


def test_the_list_without_credentials_is_401(residents):
    response = anonymous_client().get(LIST)

    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert not _leaks(response, residents["an"])


def test_the_list_rows_carry_the_documented_fields(commune_leader, residents, units):
    response = token_client(commune_leader).get(LIST, {"q": "an"})

    an = residents["an"]
    village = units["Thôn Bản Phố 1"]
    assert response.json() == {
        "count": 1,
        "count_capped": False,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": an.pk,
                "uuid": str(an.uuid),
                "full_name": "Nguyễn Văn An",
                "sex": "M",
                "birth_year": 1980,
                "birth_date": "1980-03-15",
                "residence_unit": {
                    "id": village.pk,
                    "code": village.code,
                    "name": "Thôn Bản Phố 1",
                    "level": 4,
                },
                "household": residents["household"].pk,
                "residence_status": "permanent",
                "is_high_risk": False,
            }
        ],
    }


@pytest.mark.parametrize(
    ("_case", "params", "expected"),
    [
        ("name without diacritics", {"q": "nguyen van an"}, ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("national id", {"q": "010080000001"}, ["Nguyễn Văn An"]),
        ("phone with spaces", {"q": "0912 345 678"}, ["Nguyễn Văn An"]),
        ("sex", {"sex": "F"}, ["Nguyễn Thị Bình"]),
        ("high risk only", {"high_risk": "true"}, ["Nguyễn Thị Bình", "Nguyễn Văn Anh"]),
        ("not high risk", {"high_risk": "false"}, ["Nguyễn Văn An"]),
        ("no high-risk filter", {}, ["Nguyễn Thị Bình", "Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("residence status", {"residence_status": "away"}, []),
    ],
)
def test_the_list_filters(district_leader, residents, _case, params, expected):
    response = token_client(district_leader).get(LIST, params)

    assert response.status_code == 200
    assert _names(response) == expected


def test_the_unit_filter_narrows_to_a_subtree(district_leader, residents, units):
    response = token_client(district_leader).get(LIST, {"unit": units["Xã Lùng Phình"].pk})

    assert _names(response) == ["Nguyễn Văn Anh"]


def test_a_unit_outside_the_jurisdiction_is_a_field_error(commune_leader, residents, units):
    response = token_client(commune_leader).get(LIST, {"unit": units["Xã Lùng Phình"].pk})

    assert response.status_code == 400
    assert_matches_schema(response, "person_list")
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Dữ liệu không hợp lệ.",
            "fields": {"unit": ["Không tìm thấy đơn vị này trong địa bàn của bạn."]},
            "codes": {"unit": ["not_found"]},
        }
    }


def test_bad_filter_values_are_field_errors_in_vietnamese(commune_leader, residents):
    response = token_client(commune_leader).get(LIST, {"sex": "X", "high_risk": "maybe", "unit": "abc"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "sex": ["“X” không phải là lựa chọn hợp lệ."],
        "high_risk": ["Giá trị phải là true hoặc false."],
        "unit": ["Giá trị phải là mã số (số nguyên) của bản ghi."],
    }


def test_the_list_is_paginated(commune_leader, residents, units):
    for number in range(3):
        make_person(residence_unit=units["Thôn Bản Phố 2"], full_name=f"Vàng Seo Chứ {number}")

    response = token_client(commune_leader).get(LIST, {"page_size": 2, "page": 2})

    body = response.json()
    assert body["count"] == 5
    assert _names(response) == ["Vàng Seo Chứ 0", "Vàng Seo Chứ 1"]
    assert body["next"] == "http://testserver/api/v1/people/?page=3&page_size=2"
    assert body["previous"] == "http://testserver/api/v1/people/?page_size=2"


def test_a_page_past_the_end_is_404_json(commune_leader, residents):
    response = token_client(commune_leader).get(LIST, {"page": 9})

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Trang không tồn tại."}}


def test_the_list_query_count_does_not_grow_with_rows(
    commune_leader, residents, units, django_assert_num_queries
):
    for number in range(10):
        make_person(residence_unit=units["Thôn Bản Phố 2"], full_name=f"Giàng Thị Mỷ {number}")
    client = token_client(commune_leader)

    # token + user + home unit; count; page (units and households joined); the access-log row
    with django_assert_num_queries(4):
        response = client.get(LIST)

    assert response.json()["count"] == 12


def test_the_list_with_a_unit_filter_costs_one_more_query(
    commune_leader, residents, units, django_assert_num_queries
):
    client = token_client(commune_leader)

    # as above, and the unit filter's unit
    with django_assert_num_queries(5):
        response = client.get(LIST, {"unit": units["Thôn Bản Phố 1"].pk})

    assert response.json()["count"] == 2


def test_a_user_who_may_not_view_people_is_refused(units, residents):
    nobody = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])
    nobody.role = "retired"
    nobody.save(update_fields=["role"])

    response = token_client(nobody).get(LIST)

    assert response.status_code == 403
    assert_matches_schema(response, "person_list")
    assert not _leaks(response, residents["an"])


# --- detail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("commune_leader", 200),
        ("community_member", 200),
        ("district_leader", 200),
        ("other_commune_leader", 404),
        ("other_province_leader", 404),
        ("anonymous", 401),
    ],
)
def test_the_detail_answers_only_inside_the_jurisdiction(request, residents, who, status):
    an = residents["an"]

    response = _client(request, who).get(detail(an))

    assert response.status_code == status
    assert_matches_schema(response, "person_retrieve")
    if status == 200:
        assert response.json()["national_id"] == "010080000001"
    else:
        assert not _leaks(response, an)


def test_missing_and_foreign_people_get_the_same_404(other_commune_leader, residents):
    client = token_client(other_commune_leader)
    missing_pk = Person.objects.latest("pk").pk + 100

    foreign = client.get(detail(residents["an"]))
    missing = client.get(f"/api/v1/people/{missing_pk}/")

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json() == NOT_FOUND


def test_the_detail_has_every_field_with_iso_dates(commune_leader, residents, units):
    an = residents["an"]

    body = token_client(commune_leader).get(detail(an)).json()

    assert body == {
        "id": an.pk,
        "uuid": str(an.uuid),
        "full_name": "Nguyễn Văn An",
        "sex": "M",
        "birth_year": 1980,
        "birth_date": "1980-03-15",
        "national_id": "010080000001",
        "phone": "0912345678",
        "ethnicity": "01",
        "residence_unit": {
            "id": units["Thôn Bản Phố 1"].pk,
            "code": units["Thôn Bản Phố 1"].code,
            "name": "Thôn Bản Phố 1",
            "level": 4,
        },
        "household": residents["household"].pk,
        "residence_status": "permanent",
        "away_location": "",
        "chronic_conditions": [],
        "is_pregnant": False,
        "is_high_risk": False,
        "notes": "",
        "merged_into": None,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "version": 1,
    }
    assert body["created_at"].endswith("+07:00")


# --- create ---------------------------------------------------------------------------------


def _new_person(units, **overrides):
    return {
        "uuid": "3f1c1b9e-5b0a-4c55-9a55-0d6f4b3d2a10",
        "full_name": "Sùng Thị Mai",
        "sex": "F",
        "birth_date": "1990-05-02",
        "phone": "0987 654 321",
        "residence_unit": units["Thôn Bản Phố 2"].pk,
        "chronic_conditions": ["diabetes"],
        **overrides,
    }


def test_create_stores_the_person_and_answers_201(commune_leader, units):
    response = token_client(commune_leader).post(LIST, _new_person(units), format="json")

    assert response.status_code == 201
    assert_matches_schema(response, "person_create")
    person = Person.objects.get(uuid="3f1c1b9e-5b0a-4c55-9a55-0d6f4b3d2a10")
    assert response.json()["id"] == person.pk
    assert (person.full_name, person.birth_year, person.phone, person.is_high_risk) == (
        "Sùng Thị Mai",
        1990,
        "0987654321",
        True,
    )
    assert response.json()["birth_date"] == "1990-05-02"
    assert AuditEvent.objects.filter(target_id=person.pk, action=AuditAction.CREATED).count() == 1


def test_sending_the_same_uuid_again_returns_the_stored_record_once(commune_leader, units):
    client = token_client(commune_leader)

    first = client.post(LIST, _new_person(units), format="json")
    again = client.post(LIST, _new_person(units, full_name="Sùng Thị Mai (gửi lại)"), format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert_matches_schema(again, "person_create")
    assert again.json() == first.json()
    assert Person.objects.filter(uuid="3f1c1b9e-5b0a-4c55-9a55-0d6f4b3d2a10").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, target_type="people.person").count() == 1


def test_a_uuid_already_used_in_another_commune_reveals_nothing(commune_leader, other_commune_leader, units):
    token_client(commune_leader).post(LIST, _new_person(units), format="json")
    count = Person.objects.count()

    response = token_client(other_commune_leader).post(
        LIST, _new_person(units, residence_unit=units["Thôn Lùng Phình"].pk), format="json"
    )

    assert response.status_code == 400
    assert_matches_schema(response, "person_create")
    assert list(response.json()["error"]["fields"]) == ["uuid"]
    assert "Sùng Thị Mai" not in response.content.decode()
    assert Person.objects.count() == count


def test_create_without_uuid_generates_one(commune_leader, units):
    payload = _new_person(units)
    del payload["uuid"]

    response = token_client(commune_leader).post(LIST, payload, format="json")

    assert response.status_code == 201
    assert Person.objects.get(pk=response.json()["id"]).uuid == uuid.UUID(response.json()["uuid"])


@pytest.mark.parametrize(
    ("_case", "overrides", "fields", "codes"),
    [
        (
            "shape: required, choice, date format",
            {"full_name": None, "sex": "X", "birth_date": "02/05/1990"},
            {
                "full_name": ["Trường này không được để trống (null)."],
                "sex": ["“X” không phải là lựa chọn hợp lệ."],
                "birth_date": ["Ngày không đúng định dạng; dùng dạng YYYY-MM-DD, ví dụ 2021-08-31."],
            },
            {"full_name": ["null"], "sex": ["invalid_choice"], "birth_date": ["invalid"]},
        ),
        (
            "unknown chronic condition",
            {"chronic_conditions": ["diabetes", "flu"]},
            {"chronic_conditions.1": ["“flu” không phải là lựa chọn hợp lệ."]},
            {"chronic_conditions.1": ["invalid_choice"]},
        ),
        (
            "rule from the service",
            {"birth_date": None, "birth_year": 1850, "is_pregnant": True, "sex": "M"},
            {
                "birth_year": [f"Năm sinh phải từ 1900 đến {THIS_YEAR}."],
                "is_pregnant": ["Nam giới không thể đang mang thai."],
            },
            {"birth_year": ["people.birth_year_range"], "is_pregnant": ["people.pregnant_male"]},
        ),
        ("bad uuid", {"uuid": "abc"}, {"uuid": ["Mã UUID không hợp lệ."]}, {"uuid": ["invalid"]}),
    ],
)
def test_invalid_input_is_refused_with_vietnamese_field_errors_and_nothing_stored(
    commune_leader, units, _case, overrides, fields, codes
):
    response = token_client(commune_leader).post(LIST, _new_person(units, **overrides), format="json")

    assert response.status_code == 400
    assert_matches_schema(response, "person_create")
    assert response.json() == {
        "error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields, "codes": codes}
    }
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_residence_unit_outside_the_jurisdiction_is_refused(commune_leader, units):
    response = token_client(commune_leader).post(
        LIST, _new_person(units, residence_unit=units["Thôn Lùng Phình"].pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "residence_unit": ["Không tìm thấy đơn vị này trong địa bàn của bạn."]
    }
    assert not Person.objects.exists()


def test_a_household_outside_the_jurisdiction_is_refused(other_commune_leader, residents, units):
    response = token_client(other_commune_leader).post(
        LIST,
        _new_person(units, residence_unit=units["Thôn Lùng Phình"].pk, household=residents["household"].pk),
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "household": ["Không tìm thấy hộ gia đình này trong địa bàn của bạn."]
    }
    assert not Person.objects.filter(full_name="Sùng Thị Mai").exists()


def test_a_viewer_may_not_create(units):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])

    response = token_client(viewer).post(LIST, _new_person(units), format="json")

    assert response.status_code == 403
    assert_matches_schema(response, "person_create")
    assert response.json()["error"]["code"] == "forbidden"
    assert not Person.objects.exists()


def test_create_without_credentials_is_401(units):
    response = anonymous_client().post(LIST, _new_person(units), format="json")

    assert response.status_code == 401
    assert not Person.objects.exists()


# --- update ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("commune_leader", 200),
        ("district_leader", 200),
        ("other_commune_leader", 404),
        ("other_province_leader", 404),
        ("anonymous", 401),
    ],
)
def test_update_only_inside_the_jurisdiction(request, residents, who, status):
    an = residents["an"]

    response = _client(request, who).patch(detail(an), {"phone": "0977 111 222"}, format="json")

    assert response.status_code == status
    assert_matches_schema(response, "person_update")
    an.refresh_from_db()
    assert an.phone == ("0977111222" if status == 200 else "0912345678")
    if status != 200:
        assert not _leaks(response, an)
        assert not AuditEvent.objects.exists()


def test_update_changes_only_the_fields_sent(commune_leader, residents):
    binh = residents["binh"]

    response = token_client(commune_leader).patch(
        detail(binh),
        {"is_pregnant": False, "residence_status": "away", "away_location": "KCN Quang Châu, Bắc Giang"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["is_pregnant"], body["is_high_risk"], body["residence_status"], body["full_name"]) == (
        False,
        False,
        "away",
        "Nguyễn Thị Bình",
    )
    event = AuditEvent.objects.get(target_id=binh.pk, action=AuditAction.UPDATED)
    assert sorted(event.changes) == ["away_location", "is_pregnant", "residence_status"]


def test_update_with_a_broken_rule_changes_nothing(commune_leader, residents):
    binh = residents["binh"]

    response = token_client(commune_leader).patch(detail(binh), {"residence_status": "away"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "away_location": ["Cần ghi nơi đang ở, làm việc hoặc học tập khi nhân khẩu đang ở nơi khác."]
    }
    binh.refresh_from_db()
    assert binh.residence_status == "permanent"
    assert not AuditEvent.objects.exists()


def test_a_community_member_may_edit_but_a_viewer_may_not(community_member, residents, units):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])

    edited = token_client(community_member).patch(
        detail(residents["an"]), {"notes": "Đã tiêm 2 mũi"}, format="json"
    )
    refused = token_client(viewer).patch(detail(residents["an"]), {"notes": "x"}, format="json")

    assert edited.status_code == 200
    assert refused.status_code == 403
    residents["an"].refresh_from_db()
    assert residents["an"].notes == "Đã tiêm 2 mũi"


# --- history --------------------------------------------------------------------------------


def test_history_lists_the_audit_trail_newest_first(commune_leader, residents):
    client = token_client(commune_leader)
    an = residents["an"]
    client.patch(detail(an), {"phone": "0977111222"}, format="json")
    client.patch(detail(an), {"notes": "Chuyển công tác"}, format="json")

    response = client.get(f"{detail(an)}history/")

    assert response.status_code == 200
    assert_matches_schema(response, "person_history")
    rows = response.json()["results"]
    assert [(row["action"], row["actor"], sorted(row["changes"])) for row in rows] == [
        ("updated", "canbo_banpho", ["notes"]),
        ("updated", "canbo_banpho", ["phone"]),
    ]
    assert rows[1]["changes"]["phone"] == ["0912345678", "0977111222"]
    assert rows[0]["action_label"] == "Sửa"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("commune_leader", 200),
        ("district_leader", 200),
        ("community_member", 403),  # no VIEW_AUDIT capability
        ("other_commune_leader", 404),
        ("other_province_leader", 404),
        ("anonymous", 401),
    ],
)
def test_history_only_inside_the_jurisdiction_and_with_the_audit_capability(request, residents, who, status):
    an = residents["an"]
    token_client(request.getfixturevalue("commune_leader")).patch(detail(an), {"notes": "x"}, format="json")

    response = _client(request, who).get(f"{detail(an)}history/")

    assert response.status_code == status
    assert_matches_schema(response, "person_history")
    if status != 200:
        assert not _leaks(response, an)
        assert "canbo_banpho" not in response.content.decode()


def test_history_query_count_is_pinned(commune_leader, residents, django_assert_num_queries):
    client = token_client(commune_leader)
    for number in range(3):
        client.patch(detail(residents["an"]), {"notes": f"Lần {number}"}, format="json")

    # token + user + home unit; the person; count; page (actors joined)
    with django_assert_num_queries(4):
        response = client.get(f"{detail(residents['an'])}history/")

    assert response.json()["count"] == 3
