"""Two officers editing one record never silently overwrite each other (pages and API)."""

from __future__ import annotations

import pytest

from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AuditEvent
from phaodai.core.services import StaleRecordError
from phaodai.people.models import Household, Person
from phaodai.people.services import household_update, person_merge, person_update
from phaodai.people.tests.factories import make_household, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(units):
    return make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử", phone="0912345678")


def detail(person):
    return f"/api/v1/people/{person.pk}/"


def test_a_read_gives_the_version_as_etag_and_each_edit_raises_it(commune_leader, an):
    client = token_client(commune_leader)

    read = client.get(detail(an))
    edited = client.patch(detail(an), {"notes": "Đi làm xa"}, format="json", HTTP_IF_MATCH=read["ETag"])

    assert (read["ETag"], read.json()["version"]) == ('"v1"', 1)
    assert (edited.status_code, edited["ETag"], edited.json()["version"]) == (200, '"v2"', 2)


def test_a_patch_without_if_match_is_428_and_changes_nothing(commune_leader, an):
    response = token_client(commune_leader).patch(
        detail(an), {"phone": "0977111222"}, format="json", if_match=None
    )

    assert response.status_code == 428
    assert_matches_schema(response, "person_update")
    assert response.json()["error"]["code"] == "precondition_required"
    an.refresh_from_db()
    assert (an.phone, an.version) == ("0912345678", 1)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("tag", ["*", "garbage", '"3"', 'W/"vx"'])
def test_an_if_match_that_is_no_tag_of_ours_is_refused(commune_leader, an, tag):
    response = token_client(commune_leader).patch(
        detail(an), {"phone": "0977111222"}, format="json", HTTP_IF_MATCH=tag
    )

    assert response.status_code in (412, 428)
    an.refresh_from_db()
    assert an.phone == "0912345678"


def test_the_second_of_two_concurrent_patches_is_412_with_what_changed(commune_leader, district_leader, an):
    first, second = token_client(commune_leader), token_client(district_leader)
    seen_by_first = first.get(detail(an))["ETag"]
    seen_by_second = second.get(detail(an))["ETag"]

    won = first.patch(detail(an), {"phone": "0977111222"}, format="json", HTTP_IF_MATCH=seen_by_first)
    lost = second.patch(detail(an), {"phone": "0988333444"}, format="json", HTTP_IF_MATCH=seen_by_second)

    assert won.status_code == 200
    assert lost.status_code == 412
    assert_matches_schema(lost, "person_update")
    assert lost.json() == {
        "error": {
            "code": "stale",
            "message": "Trong lúc bạn sửa, bản ghi đã được người khác thay đổi; hãy xem các giá trị hiện tại rồi sửa lại.",
            "version": 2,
            "changed": {"phone": "0977111222"},
        }
    }
    assert lost["ETag"] == '"v2"'
    an.refresh_from_db()
    assert (an.phone, an.version) == ("0977111222", 2)
    assert AuditEvent.objects.filter(target_id=an.pk).count() == 1


def test_ten_rounds_of_racing_edits_never_lose_one(commune_leader, district_leader, an):
    for number in range(10):
        tag = token_client(commune_leader).get(detail(an))["ETag"]
        results = [
            token_client(user).patch(
                detail(an), {"notes": f"{user.username} {number}"}, format="json", HTTP_IF_MATCH=tag
            )
            for user in (commune_leader, district_leader)
        ]
        assert sorted(r.status_code for r in results) == [200, 412]
    an.refresh_from_db()
    assert an.version == 11


def test_the_service_refuses_an_old_version(commune_leader, an):
    person_update(actor=commune_leader, person=an, expected_version=1, notes="một")

    with pytest.raises(StaleRecordError) as caught:
        person_update(actor=commune_leader, person=an, expected_version=1, phone="0977111222")

    assert (caught.value.expected, caught.value.current, caught.value.changed) == (1, 2, {"notes": "một"})


def test_a_household_patch_needs_the_version_too(commune_leader, units):
    household = make_household(unit=units["Thôn Bản Phố 1"], code="BP1-001")
    client = token_client(commune_leader)
    url = f"/api/v1/households/{household.pk}/"

    missing = client.patch(url, {"address": "Số 2"}, format="json", if_match=None)
    edited = client.patch(url, {"address": "Số 2"}, format="json")
    stale = client.patch(url, {"address": "Số 3"}, format="json", HTTP_IF_MATCH='"v1"')

    assert (missing.status_code, edited.status_code, stale.status_code) == (428, 200, 412)
    assert stale.json()["error"]["changed"] == {"address": "Số 2"}
    household.refresh_from_db()
    assert household.address == "Số 2"


def test_a_merge_raises_the_versions_of_both_records_and_of_the_rows_it_moved(system_admin, units):
    village = units["Thôn Bản Phố 1"]
    survivor = make_person(residence_unit=village, full_name="Sùng A Dế")
    duplicate = make_person(residence_unit=village, full_name="Sung A De", phone="0912000999")
    household = make_household(unit=village, code="BP1-002", head=duplicate)

    person_merge(actor=system_admin, survivor=survivor, duplicate=duplicate)

    versions = dict(Person.objects.unscoped().values_list("full_name", "version"))
    assert versions == {"Sùng A Dế": 2, "Sung A De": 2}
    assert Household.objects.unscoped().get(pk=household.pk).version == 2
    with pytest.raises(StaleRecordError):
        household_update(actor=system_admin, household=household, expected_version=1, address="x")


def _form(person):
    return {
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_year": str(person.birth_year),
        "residence_unit": person.residence_unit_id,
        "residence_status": person.residence_status,
        "ethnicity": person.ethnicity,
        "phone": person.phone,
        "notes": person.notes,
        "version": str(person.version),
    }


def test_the_edit_page_shows_what_changed_meanwhile_instead_of_saving_over_it(client, commune_leader, an):
    client.force_login(commune_leader)
    page = client.get(f"/nhan-khau/{an.pk}/sua/").content.decode()
    opened = _form(an)
    person_update(actor=commune_leader, person=an, phone="0977111222")  # another officer, meanwhile

    response = client.post(f"/nhan-khau/{an.pk}/sua/", {**opened, "notes": "Đi làm xa"})

    body = response.content.decode()
    assert f'name="version" value="{an.version}"' in page
    assert response.status_code == 200
    assert "Trong lúc bạn sửa, hồ sơ đã được người khác thay đổi" in body
    assert "0977111222" in body
    assert 'name="version" value="2"' in body  # saving again now is a deliberate choice
    an.refresh_from_db()
    assert (an.phone, an.notes, an.version) == ("0977111222", "", 2)

    # The page shows the other officer's phone, keeps this officer's notes; saving it keeps both.
    assert 'value="0977111222"' in body
    assert "Đi làm xa" in body
    again = client.post(
        f"/nhan-khau/{an.pk}/sua/", {**opened, "phone": "0977111222", "notes": "Đi làm xa", "version": "2"}
    )

    assert again.status_code == 302
    an.refresh_from_db()
    assert (an.phone, an.notes, an.version) == ("0977111222", "Đi làm xa", 3)


def test_an_edit_page_opened_before_versions_is_asked_to_reload(client, commune_leader, an):
    client.force_login(commune_leader)

    response = client.post(f"/nhan-khau/{an.pk}/sua/", {**_form(an), "notes": "x", "version": ""})

    assert "Trang đã cũ; hãy tải lại trang rồi sửa." in response.content.decode()
    an.refresh_from_db()
    assert an.notes == ""
