"""The home-care API: a case's entries, creation with uuid, ETag and If-Match on edits."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from freezegun import freeze_time

from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AccessLog
from phaodai.homecare import services
from phaodai.homecare.enums import Slot
from phaodai.homecare.models import MonitoringEntry
from phaodai.homecare.tests.factories import local

DAY = dt.date(2022, 2, 11)


def entries_url(case):
    return f"/api/v1/homecare/cases/{case.pk}/entries/"


def entry_url(entry):
    return f"/api/v1/homecare/entries/{entry.pk}/"


@pytest.mark.django_db
def test_create_list_read_and_edit_an_entry(health_staff, home_case):
    api = token_client(health_staff)
    key = str(uuid.uuid4())
    data = {
        "uuid": key,
        "day": "2022-02-11",
        "slot": "afternoon",
        "spo2": 94,
        "pulse": "88",
        "symptoms": ["ho"],
    }
    with freeze_time(local(DAY, 16)):
        created = api.post(entries_url(home_case), data, format="json")
        again = api.post(entries_url(home_case), data, format="json")
    assert created.status_code == 201
    assert_matches_schema(created, "homecare_entry_create")
    assert created.json()["signs"] == [3]
    assert created.json()["rule_set"] == "warning_signs.261"
    assert again.status_code == 200
    assert MonitoringEntry.objects.unscoped().count() == 1

    listed = api.get(entries_url(home_case))
    assert listed.status_code == 200
    assert_matches_schema(listed, "homecare_entry_list")
    assert [row["spo2"] for row in listed.json()["results"]] == [94]

    entry = MonitoringEntry.objects.unscoped().get()
    detail = api.get(entry_url(entry))
    assert detail["ETag"] == '"v1"'
    assert_matches_schema(detail, "homecare_entry_retrieve")
    assert AccessLog.objects.filter(target_id=entry.pk).count() == 1

    edited = api.patch(entry_url(entry), {"spo2": 97}, format="json")
    assert edited.status_code == 200
    assert_matches_schema(edited, "homecare_entry_update")
    assert (edited.json()["signs"], edited.json()["pulse"], edited.json()["symptoms"]) == ([], 88, ["ho"])
    assert edited["ETag"] == '"v2"'


@pytest.mark.django_db
def test_edit_needs_if_match_and_refuses_a_stale_one(health_staff, home_case):
    entry, _ = services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "98"},
        now=local(DAY, 9),
    )
    api = token_client(health_staff)
    assert api.patch(entry_url(entry), {"spo2": 97}, format="json", if_match=None).status_code == 428
    assert api.patch(entry_url(entry), {"spo2": 97}, format="json").status_code == 200
    stale = api.patch(entry_url(entry), {"spo2": 95}, format="json", HTTP_IF_MATCH='"v1"')
    assert stale.status_code == 412
    entry.refresh_from_db()
    assert entry.spo2 == 97


@pytest.mark.django_db
def test_spo2_150_through_the_api_is_a_vietnamese_field_error(health_staff, home_case):
    api = token_client(health_staff)
    with freeze_time(local(DAY, 16)):
        response = api.post(
            entries_url(home_case), {"day": "2022-02-11", "slot": "afternoon", "spo2": 150}, format="json"
        )
    assert response.status_code == 400
    assert_matches_schema(response, "homecare_entry_create")
    body = response.json()
    assert body["error"]["fields"]["spo2"] == [
        "SpO2 150 % không hợp lý: hãy đo lại và nhập số từ 50 đến 100."
    ]
    assert body["error"]["codes"]["spo2"] == ["homecare.out_of_range"]
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_another_communes_staff_get_404(other_health_staff, home_case):
    api = token_client(other_health_staff)
    assert api.get(entries_url(home_case)).status_code == 404
    with freeze_time(local(DAY, 16)):
        posted = api.post(
            entries_url(home_case), {"day": "2022-02-11", "slot": "afternoon", "spo2": 97}, format="json"
        )
    assert posted.status_code == 404
