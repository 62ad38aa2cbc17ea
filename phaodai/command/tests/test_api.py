"""/api/v1/command/…: centres with who is on duty, members, shifts; ETag/If-Match; refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.command.enums import Office, Position
from phaodai.command.models import Member, Shift
from phaodai.command.tests.factories import make_centre, make_member, make_shift
from phaodai.core.roles import Role

TZ = timezone.get_default_timezone()


@pytest.fixture
def setup(units, commune_leader):
    centre = make_centre(unit=units["Xã Bản Phố"], officers_per_shift=1)
    other = make_centre(unit=units["Xã Lùng Phình"])
    chair = make_member(
        centre=centre,
        full_name="Lù Văn Chính",
        position=Position.HEAD,
        office=Office.PC_CHAIR,
        phone="0912300001",
    )
    return {"centre": centre, "other": other, "chair": chair, "client": token_client(commune_leader)}


def test_the_centre_list_holds_only_the_users_centres(setup):
    response = setup["client"].get("/api/v1/command/centres/")
    assert response.status_code == 200
    assert_matches_schema(response, "command_centre_list")
    assert [row["id"] for row in response.json()["results"]] == [setup["centre"].pk]
    assert setup["client"].get(f"/api/v1/command/centres/{setup['other'].pk}/").status_code == 404


def test_who_is_on_duty_at_a_moment(setup):
    start = dt.datetime(2026, 12, 7, 7, tzinfo=TZ)
    make_shift(member=setup["chair"], starts_at=start)
    url = f"/api/v1/command/centres/{setup['centre'].pk}/on-duty/"
    during = setup["client"].get(url, {"at": "2026-12-07T09:00:00+07:00"})
    after = setup["client"].get(url, {"at": "2026-12-07T15:00:00+07:00"})
    assert_matches_schema(during, "command_centre_on_duty")
    assert [m["full_name"] for m in during.json()["members"]] == ["Lù Văn Chính"]
    assert after.json()["members"] == []


def test_a_shift_ending_before_it_starts_is_refused_with_its_code_and_nothing_saved(setup):
    response = setup["client"].post(
        "/api/v1/command/shifts/",
        {
            "centre": setup["centre"].pk,
            "member": setup["chair"].pk,
            "starts_at": "2026-12-07T15:00:00+07:00",
            "ends_at": "2026-12-07T07:00:00+07:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert_matches_schema(response, "command_shift_create")
    error = response.json()["error"]
    assert error["codes"] == {"ends_at": ["command.shift_ends_before_start"]}
    assert error["fields"]["ends_at"][0].startswith("Ca trực phải kết thúc sau khi bắt đầu")
    assert Shift.objects.unscoped().count() == 0


def test_a_shift_is_created_once_per_uuid_and_edited_with_if_match(setup):
    body = {
        "uuid": "8d7f4a52-2f0e-4a8b-9d3e-1c2b3a4d5e6f",
        "centre": setup["centre"].pk,
        "member": setup["chair"].pk,
        "starts_at": "2026-12-07T07:00:00+07:00",
        "ends_at": "2026-12-07T15:00:00+07:00",
    }
    first = setup["client"].post("/api/v1/command/shifts/", body, format="json")
    again = setup["client"].post("/api/v1/command/shifts/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert_matches_schema(first, "command_shift_create")
    shift_id = first.json()["id"]
    assert first.json()["leads"] is True
    url = f"/api/v1/command/shifts/{shift_id}/"

    missing = setup["client"].patch(url, {"note": "Trực tại UBND xã"}, format="json", if_match=None)
    stale = setup["client"].patch(url, {"note": "Trực tại UBND xã"}, format="json", HTTP_IF_MATCH='"v9"')
    done = setup["client"].patch(url, {"note": "Trực tại UBND xã"}, format="json")

    assert (missing.status_code, stale.status_code, done.status_code) == (428, 412, 200)
    assert done["ETag"] == '"v2"'
    assert Shift.objects.unscoped().get(pk=shift_id).note == "Trực tại UBND xã"


def test_a_member_is_added_to_a_centre_and_a_viewer_may_not(setup, units):
    response = setup["client"].post(
        "/api/v1/command/members/",
        {
            "centre": setup["centre"].pk,
            "full_name": "Thào Seo Dũng",
            "position": "deputy",
            "office": "police_chief",
        },
        format="json",
    )
    assert response.status_code == 201
    assert_matches_schema(response, "command_member_create")
    assert response.json()["is_leader"] is True
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"], username="xem")
    refused = token_client(viewer).post(
        "/api/v1/command/members/", {"centre": setup["centre"].pk, "full_name": "Ai đó"}, format="json"
    )
    assert refused.status_code == 403
    assert Member.objects.unscoped().count() == 2
