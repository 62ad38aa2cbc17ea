"""/api/v1/households/: jurisdiction, idempotent creation, members, query counts, schema."""

from __future__ import annotations

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from phaodai.people.models import Household
from phaodai.people.tests.factories import make_household, make_liaison_group, make_person

LIST = "/api/v1/households/"
NEW_UUID = "8d7f4a52-2f0e-4a8b-9d3e-1c2b3a4d5e6f"


def detail(household: Household) -> str:
    return f"/api/v1/households/{household.pk}/"


def members(household: Household) -> str:
    return f"/api/v1/households/{household.pk}/members/"


@pytest.fixture
def other_province_leader(units):
    return make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Pa Tần"], username="canbo_patan")


@pytest.fixture
def households(residents, units):
    """The Bản Phố household of the residents fixture, plus one in Lùng Phình and one in Pa Tần."""
    lung_phinh = make_household(
        unit=units["Thôn Lùng Phình"], code="LP-001", address="Thôn Lùng Phình, nhà 7"
    )
    pa_tan = make_household(unit=units["Bản Pa Tần"], code="PT-001", address="Bản Pa Tần, nhà 3")
    return {"ban_pho": residents["household"], "lung_phinh": lung_phinh, "pa_tan": pa_tan}


def _client(request, who: str):
    return anonymous_client() if who == "anonymous" else token_client(request.getfixturevalue(who))


def _codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def _leaks(response, household: Household) -> bool:
    text = response.content.decode()
    return any(marker in text for marker in (str(household.uuid), household.code, household.address))


# --- list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("commune_leader", ["BP1-001"]),
        ("other_commune_leader", ["LP-001"]),
        ("district_leader", ["BP1-001", "LP-001"]),
        ("other_province_leader", ["PT-001"]),
    ],
)
def test_the_list_shows_only_the_jurisdiction(request, households, who, expected):
    response = _client(request, who).get(LIST)

    assert response.status_code == 200
    assert_matches_schema(response, "household_list")
    assert sorted(_codes(response)) == expected


def test_a_commune_never_sees_the_sibling_communes_households(commune_leader, households):
    response = token_client(commune_leader).get(LIST)

    assert not _leaks(response, households["lung_phinh"])
    assert not _leaks(response, households["pa_tan"])


def test_the_list_without_credentials_is_401(households):
    response = anonymous_client().get(LIST)

    assert response.status_code == 401
    assert_matches_schema(response, "household_list")
    assert not _leaks(response, households["ban_pho"])


def test_the_list_rows_carry_head_and_member_count(commune_leader, residents, units):
    household = residents["household"]

    response = token_client(commune_leader).get(LIST)

    village = units["Thôn Bản Phố 1"]
    assert response.json()["results"] == [
        {
            "id": household.pk,
            "uuid": str(household.uuid),
            "code": "BP1-001",
            "unit": {"id": village.pk, "code": village.code, "name": "Thôn Bản Phố 1", "level": 4},
            "address": "Thôn Bản Phố 1, nhà số 1",
            "head": {"id": residents["an"].pk, "full_name": "Nguyễn Văn An"},
            "liaison_group": None,
            "member_count": 2,
        }
    ]


@pytest.mark.parametrize(
    ("_case", "params", "expected"),
    [
        ("code prefix", {"q": "LP"}, ["LP-001"]),
        ("head name without diacritics", {"q": "nguyen van an"}, ["BP1-001"]),
        ("unit", {"unit": "Xã Lùng Phình"}, ["LP-001"]),
    ],
)
def test_the_list_filters(district_leader, households, units, _case, params, expected):
    if "unit" in params:
        params = {"unit": units[params["unit"]].pk}

    response = token_client(district_leader).get(LIST, params)

    assert _codes(response) == expected


def test_a_unit_filter_outside_the_jurisdiction_is_a_field_error(commune_leader, households, units):
    response = token_client(commune_leader).get(LIST, {"unit": units["Bản Pa Tần"].pk})

    assert response.status_code == 400
    assert_matches_schema(response, "household_list")
    assert response.json()["error"]["fields"] == {
        "unit": ["Không tìm thấy đơn vị này trong địa bàn của bạn."]
    }


def test_the_list_query_count_does_not_grow_with_rows(
    district_leader, households, units, django_assert_num_queries
):
    group = make_liaison_group(unit=units["Thôn Bản Phố 2"])
    for number in range(8):
        head = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name=f"Thào A Súa {number}")
        make_household(unit=units["Thôn Bản Phố 2"], head=head, liaison_group=group)
    client = token_client(district_leader)

    # token + user + home unit; count; page (unit, head and member counts in one query);
    # the access-log row
    with django_assert_num_queries(4):
        response = client.get(LIST)

    assert response.json()["count"] == 10


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
def test_the_detail_answers_only_inside_the_jurisdiction(request, households, who, status):
    household = households["ban_pho"]

    response = _client(request, who).get(detail(household))

    assert response.status_code == status
    assert_matches_schema(response, "household_retrieve")
    if status == 200:
        assert response.json()["code"] == "BP1-001"
    else:
        assert not _leaks(response, household)


# --- members --------------------------------------------------------------------------------


def test_members_lists_the_head_first_then_the_eldest(commune_leader, residents, units):
    household = residents["household"]
    make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        full_name="Nguyễn Văn Cả",
        birth_year=1950,
        household=household,
    )

    response = token_client(commune_leader).get(members(household))

    assert response.status_code == 200
    assert_matches_schema(response, "household_members")
    assert [row["full_name"] for row in response.json()["results"]] == [
        "Nguyễn Văn An",
        "Nguyễn Văn Cả",
        "Nguyễn Thị Bình",
    ]


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
def test_members_only_inside_the_jurisdiction(request, households, residents, who, status):
    response = _client(request, who).get(members(households["ban_pho"]))

    assert response.status_code == status
    assert_matches_schema(response, "household_members")
    if status != 200:
        assert "Nguyễn Thị Bình" not in response.content.decode()
        assert str(residents["binh"].uuid) not in response.content.decode()


def test_members_query_count_is_pinned(commune_leader, residents, units, django_assert_num_queries):
    household = residents["household"]
    for number in range(5):
        make_person(
            residence_unit=units["Thôn Bản Phố 1"], full_name=f"Nguyễn Văn Con {number}", household=household
        )
    client = token_client(commune_leader)

    # token + user + home unit; the household; its access-log row; count; page; the page's row
    with django_assert_num_queries(6):
        response = client.get(members(household))

    assert response.json()["count"] == 7


# --- create ---------------------------------------------------------------------------------


def _new_household(units, **overrides):
    return {
        "uuid": NEW_UUID,
        "unit": units["Thôn Bản Phố 2"].pk,
        "code": "bp2-010",
        "address": "Thôn Bản Phố 2, nhà 10",
        **overrides,
    }


def test_create_stores_the_household_once_per_uuid(commune_leader, units):
    client = token_client(commune_leader)

    first = client.post(LIST, _new_household(units), format="json")
    again = client.post(LIST, _new_household(units, address="khác"), format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert_matches_schema(first, "household_create")
    assert_matches_schema(again, "household_create")
    assert first.json() == again.json()
    assert first.json()["code"] == "BP2-010"
    assert Household.objects.filter(uuid=NEW_UUID).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, target_type="people.household").count() == 1


def test_create_with_a_head_makes_the_head_a_member(commune_leader, units):
    head = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Vàng A Dính")

    response = token_client(commune_leader).post(LIST, _new_household(units, head=head.pk), format="json")

    assert response.status_code == 201
    assert response.json()["head"] == {"id": head.pk, "full_name": "Vàng A Dính"}
    head.refresh_from_db()
    assert head.household_id == response.json()["id"]


@pytest.mark.parametrize(
    ("_case", "overrides", "fields", "codes"),
    [
        (
            "unit of another commune",
            {"unit": "Thôn Lùng Phình"},
            {"unit": ["Không tìm thấy đơn vị này trong địa bàn của bạn."]},
            {"unit": ["not_found"]},
        ),
        (
            "unit of another province",
            {"unit": "Bản Pa Tần"},
            {"unit": ["Không tìm thấy đơn vị này trong địa bàn của bạn."]},
            {"unit": ["not_found"]},
        ),
        (
            "missing unit",
            {"unit": None},
            {"unit": ["Trường này không được để trống (null)."]},
            {"unit": ["null"]},
        ),
        (
            "too long code",
            {"code": "X" * 33},
            {"code": ["Không được dài quá 32 ký tự."]},
            {"code": ["max_length"]},
        ),
        (
            "district as unit",
            {"unit": "Huyện Bắc Hà"},
            {"unit": ["Không tìm thấy đơn vị này trong địa bàn của bạn."]},
            {"unit": ["not_found"]},
        ),
    ],
)
def test_invalid_households_are_refused_and_nothing_is_stored(
    commune_leader, households, units, _case, overrides, fields, codes
):
    if isinstance(overrides.get("unit"), str):
        overrides = {**overrides, "unit": units[overrides["unit"]].pk}
    count = Household.objects.count()

    response = token_client(commune_leader).post(LIST, _new_household(units, **overrides), format="json")

    assert response.status_code == 400
    assert_matches_schema(response, "household_create")
    assert response.json() == {
        "error": {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields, "codes": codes}
    }
    assert Household.objects.count() == count
    assert not AuditEvent.objects.exists()


def test_a_district_user_choosing_a_district_gets_the_service_rule(district_leader, units):
    response = token_client(district_leader).post(
        LIST, _new_household(units, unit=units["Huyện Bắc Hà"].pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "unit": ["Hãy chọn xã, phường hoặc thôn, tổ dân phố, không chọn cấp huyện, tỉnh."]
    }
    assert not Household.objects.exists()


def test_a_head_outside_the_jurisdiction_is_refused(other_commune_leader, residents, units):
    response = token_client(other_commune_leader).post(
        LIST, _new_household(units, unit=units["Thôn Lùng Phình"].pk, head=residents["an"].pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "head": ["Không tìm thấy nhân khẩu này trong địa bàn của bạn."]
    }
    assert "Nguyễn Văn An" not in response.content.decode()
    assert not Household.objects.filter(uuid=NEW_UUID).exists()


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
def test_update_only_inside_the_jurisdiction(request, households, who, status):
    household = households["ban_pho"]

    response = _client(request, who).patch(
        detail(household), {"address": "Thôn Bản Phố 1, nhà số 2"}, format="json"
    )

    assert response.status_code == status
    assert_matches_schema(response, "household_update")
    household.refresh_from_db()
    assert household.address == ("Thôn Bản Phố 1, nhà số 2" if status == 200 else "Thôn Bản Phố 1, nhà số 1")
    if status != 200:
        assert not AuditEvent.objects.exists()


def test_update_can_change_the_head_to_another_member(commune_leader, residents):
    household = residents["household"]

    response = token_client(commune_leader).patch(
        detail(household), {"head": residents["binh"].pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["head"] == {"id": residents["binh"].pk, "full_name": "Nguyễn Thị Bình"}
    event = AuditEvent.objects.get(target_type="people.household", target_id=household.pk)
    assert event.changes == {"head": [residents["an"].pk, residents["binh"].pk]}


def test_update_refuses_a_head_from_outside_the_household(commune_leader, residents, units):
    household = residents["household"]
    outsider = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Lý Văn Ngoài")

    response = token_client(commune_leader).patch(detail(household), {"head": outsider.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"head": ["Chủ hộ phải là thành viên của hộ."]}
    household.refresh_from_db()
    assert household.head_id == residents["an"].pk
    assert not AuditEvent.objects.exists()


def test_a_liaison_group_of_another_commune_is_refused(commune_leader, residents, units):
    foreign_group = make_liaison_group(unit=units["Thôn Lùng Phình"], name="Tổ liên gia Lùng Phình 1")

    response = token_client(commune_leader).patch(
        detail(residents["household"]), {"liaison_group": foreign_group.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "liaison_group": ["Không tìm thấy tổ liên gia này trong địa bàn của bạn."]
    }
    assert "Lùng Phình" not in response.content.decode()
