"""The request desk's API: list, enter, read with an ETag, handle with If-Match."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.tests.factories import make_request


@pytest.fixture
def api(commune_leader):
    client = APIClient()
    client.force_authenticate(commune_leader)
    return client


@pytest.mark.django_db
def test_enter_read_and_resolve_a_request_through_the_api(api, units, commune_leader):
    created = api.post(
        "/api/v1/requests/",
        {
            "unit": units["Thôn Bản Phố 1"].pk,
            "category": "medicine",
            "description": "Cần thuốc tiểu đường.",
            "requester_name": "Hờ Thị Chu",
            "requester_phone": "0912000999",
        },
        format="json",
    )
    request_id = created.json()["id"]
    read = api.get(f"/api/v1/requests/{request_id}/")
    without = api.patch(f"/api/v1/requests/{request_id}/", {"status": "in_progress"}, format="json")
    stale = api.patch(
        f"/api/v1/requests/{request_id}/", {"status": "in_progress"}, format="json", HTTP_IF_MATCH='"v0"'
    )
    assigned = api.patch(
        f"/api/v1/requests/{request_id}/",
        {"assigned_to": commune_leader.pk},
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    resolved = api.patch(
        f"/api/v1/requests/{request_id}/",
        {"status": "resolved", "resolution": "Đã mang thuốc tới."},
        format="json",
        HTTP_IF_MATCH=assigned["ETag"],
    )

    assert created.status_code == 201
    assert created.json()["channel"] == "phone_call"
    assert read["ETag"] == '"v1"'
    assert (without.status_code, stale.status_code) == (428, 412)
    assert assigned.json()["status"] == "assigned"
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "resolved"
    assert resolved["ETag"] == '"v3"'
    assert ResidentRequest.objects.unscoped().get().resolution == "Đã mang thuốc tới."


@pytest.mark.django_db
def test_the_list_shows_only_the_users_area_and_refuses_closing_without_a_resolution(api, units):
    own = make_request(unit=units["Thôn Bản Phố 1"])
    make_request(unit=units["Thôn Lùng Phình"])

    listed = api.get("/api/v1/requests/").json()
    refused = api.patch(
        f"/api/v1/requests/{own.pk}/", {"status": "resolved"}, format="json", HTTP_IF_MATCH='"v1"'
    )

    assert [row["id"] for row in listed["results"]] == [own.pk]
    assert refused.status_code == 400
    assert refused.json()["error"]["codes"] == {"resolution": ["requests.resolution_required"]}
