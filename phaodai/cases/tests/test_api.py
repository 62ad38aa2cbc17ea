"""The cases API: reads logged, ETag on reads, If-Match on edits, refusals as JSON with codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from phaodai.accounts.services import token_issue
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.cases.enums import CareSetting
from phaodai.cases.models import Case
from phaodai.cases.tests.factories import make_case
from phaodai.labtests.enums import ProposalStatus, ResultValue, TestKind
from phaodai.labtests.models import CaseProposal
from phaodai.labtests.tests.factories import make_sample
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    _token, key = token_issue(user=user, name="test", audited=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_list_and_detail_with_etag(health_officer, patient):
    case = make_case(person=patient, actor=health_officer)
    api = _api(health_officer)
    listed = api.get("/api/v1/cases/", {"status": "active"})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [case.pk]
    detail = api.get(f"/api/v1/cases/{case.pk}/")
    assert detail["ETag"] == '"v1"'
    body = detail.json()
    assert (body["home_care_rule_set"]["code"], body["release_test_on"], body["isolation_until"]) == (
        "home_care.261",
        "2022-02-17",
        "2022-02-24",
    )
    assert [e["setting"] for e in body["care_episodes"]] == ["home"]
    assert AccessLog.objects.filter(target_type="cases.case").count() == 2


def test_create_is_idempotent_by_uuid(units, health_officer, patient):
    api = _api(health_officer)
    payload = {
        "uuid": "3f0c8a1e-7d2b-4c5e-9a10-2b3c4d5e6f70",
        "person": patient.pk,
        "unit": units["Xã Bản Phố"].pk,
        "confirmed_on": "2022-02-10",
        "how_found": "community",
        "respiratory_rate": 18,
        "spo2": 98,
    }
    first = api.post("/api/v1/cases/", payload, format="json")
    again = api.post("/api/v1/cases/", payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Case.objects.unscoped().count() == 1


def test_bad_input_answers_the_code(units, health_officer, patient):
    api = _api(health_officer)
    refused = api.post(
        "/api/v1/cases/",
        {
            "person": patient.pk,
            "unit": units["Xã Bản Phố"].pk,
            "confirmed_on": "1960-01-01",
            "how_found": "community",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "cases.confirmed_before_birth" in refused.json()["error"]["codes"]["confirmed_on"]
    assert Case.objects.unscoped().count() == 0


def test_edits_need_if_match_and_refuse_a_stale_version(health_officer, patient):
    case = make_case(person=patient, actor=health_officer)
    api = _api(health_officer)
    url = f"/api/v1/cases/{case.pk}/"
    assert api.patch(url, {"notes": "a"}, format="json").status_code == 428
    ok = api.patch(url, {"notes": "a"}, format="json", HTTP_IF_MATCH='"v1"')
    assert (ok.status_code, ok["ETag"]) == (200, '"v2"')
    stale = api.patch(url, {"notes": "b"}, format="json", HTTP_IF_MATCH='"v1"')
    assert stale.status_code == 412
    assert stale.json()["error"]["changed"] == {"notes": "a"}


def test_transfer_refused_without_a_free_bed(health_officer, patient, elder, facilities):
    make_case(
        person=elder,
        actor=health_officer,
        care_setting=CareSetting.DISTRICT,
        facility=facilities["bac_ha"],
        bed_kind="oxygen",
    )
    case = make_case(person=patient, actor=health_officer)
    api = _api(health_officer)
    refused = api.post(
        f"/api/v1/cases/{case.pk}/transfer/",
        {
            "care_setting": "district",
            "facility": facilities["bac_ha"].pk,
            "bed_kind": "oxygen",
            "on": "2022-02-12",
            "reason": "SpO2 95",
        },
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["codes"]["facility"] == ["cases.no_free_bed"]
    moved = api.post(
        f"/api/v1/cases/{case.pk}/transfer/",
        {
            "care_setting": "district",
            "facility": facilities["bac_ha"].pk,
            "bed_kind": "ordinary",
            "on": "2022-02-12",
            "reason": "Có triệu chứng",
        },
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    assert moved.status_code == 200
    assert [e["setting"] for e in moved.json()["care_episodes"]] == ["home", "district"]


def test_another_commune_gets_404(other_commune_leader, health_officer, patient):
    case = make_case(person=patient, actor=health_officer)
    assert _api(other_commune_leader).get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_facility_detail_counts_beds_from_episodes(district_health, facilities, elder):
    make_case(
        person=elder,
        confirmed_on=timezone.localdate(),
        care_setting=CareSetting.DISTRICT,
        facility=facilities["bac_ha"],
        bed_kind="ordinary",
    )
    body = _api(district_health).get(f"/api/v1/facilities/{facilities['bac_ha'].pk}/").json()
    assert body["beds"] == [
        {"kind": "ordinary", "beds": 2, "occupied": 1, "free": 1},
        {"kind": "oxygen", "beds": 1, "occupied": 0, "free": 1},
    ]


def test_delete_needs_if_match_and_a_reason(health_officer, patient):
    case = make_case(person=patient, actor=health_officer)
    api = _api(health_officer)
    url = f"/api/v1/cases/{case.pk}/"

    no_tag = api.delete(url, {"reason": "nhập nhầm"}, format="json")
    stale = api.delete(url, {"reason": "nhập nhầm"}, format="json", HTTP_IF_MATCH=f'"v{case.version + 1}"')
    no_reason = api.delete(url, {}, format="json", HTTP_IF_MATCH=f'"v{case.version}"')
    assert (no_tag.status_code, stale.status_code, no_reason.status_code) == (428, 412, 400)
    assert Case.objects.unscoped().filter(pk=case.pk).exists()

    deleted = api.delete(url, {"reason": "nhập nhầm"}, format="json", HTTP_IF_MATCH=f'"v{case.version}"')
    assert deleted.status_code == 204
    assert not Case.objects.unscoped().filter(pk=case.pk).exists()


# --- confirming a labtests proposal -----------------------------------------------------------


def _proposal(actor, person, day, kind=TestKind.RT_PCR):
    sample = make_sample(
        actor=actor,
        person=person,
        kind=kind,
        sampled_on=day,
        result=ResultValue.POSITIVE,
        result_on=day + dt.timedelta(days=1),
    )
    return CaseProposal.objects.unscoped().get(results=sample.result)


def _saved() -> tuple[int, int]:
    return Case.objects.unscoped().count(), AuditEvent.objects.filter(target_type="cases.case").count()


def _confirm_url(proposal) -> str:
    return f"/api/v1/case-proposals/{proposal.pk}/confirm/"


def test_confirming_a_proposal_answers_the_case(units, health_officer, patient):
    proposal = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    api = _api(health_officer)
    payload = {
        "uuid": "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "how_found": "screening",
        "respiratory_rate": 18,
        "spo2": 98,
    }
    without_tag = api.post(_confirm_url(proposal), payload, format="json")
    assert without_tag.status_code == 428
    assert _saved() == (0, 0)
    answer = api.post(_confirm_url(proposal), payload, format="json", HTTP_IF_MATCH=f'"v{proposal.version}"')
    assert answer.status_code == 201
    assert_matches_schema(answer, "case_proposal_confirm")
    case = Case.objects.unscoped().get()
    body = answer.json()
    assert (body["id"], body["uuid"], body["person"], body["unit"]["id"], body["confirmed_on"]) == (
        case.pk,
        "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        patient.pk,
        units["Xã Bản Phố"].pk,
        "2022-02-09",
    )
    assert (body["how_found"], body["status"], body["version"]) == ("screening", "active", case.version)
    assert answer["ETag"] == f'"v{case.version}"'
    proposal.refresh_from_db()
    assert (proposal.status, proposal.case_id, case.proposal_id) == (
        ProposalStatus.CONFIRMED,
        case.pk,
        proposal.pk,
    )
    assert list(case.tests.values_list("pk", flat=True)) == list(
        proposal.results.values_list("pk", flat=True)
    )
    assert list(
        AuditEvent.objects.filter(target_type="cases.case", target_id=case.pk).values_list("event", flat=True)
    ) == ["cases.case_confirmed"]
    # The same confirmation sent again (the answer was lost): the stored case, nothing written.
    again = api.post(_confirm_url(proposal), payload, format="json", HTTP_IF_MATCH='"v1"')
    assert (again.status_code, again.json()["id"]) == (200, case.pk)
    assert _saved() == (1, 1)


def test_a_proposal_is_not_confirmed_twice(units, health_officer, patient):
    proposal = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    api = _api(health_officer)
    tag = f'"v{proposal.version}"'
    first = api.post(_confirm_url(proposal), {"how_found": "screening"}, format="json", HTTP_IF_MATCH=tag)
    assert first.status_code == 201
    proposal.refresh_from_db()
    twice = api.post(
        _confirm_url(proposal),
        {"how_found": "community"},
        format="json",
        HTTP_IF_MATCH=f'"v{proposal.version}"',
    )
    assert twice.status_code == 400
    error = twice.json()["error"]
    assert error["codes"]["non_field_errors"] == ["cases.proposal_not_open"]
    assert error["fields"]["non_field_errors"] == ["Đề xuất này đã được quyết định (Đã xác nhận ca bệnh)."]
    assert _saved() == (1, 1)


def test_a_uuid_used_for_another_case_is_no_replay(units, health_officer, patient, elder):
    uuid = "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"
    api = _api(health_officer)
    made = api.post(
        "/api/v1/cases/",
        {
            "uuid": uuid,
            "person": elder.pk,
            "unit": units["Xã Bản Phố"].pk,
            "confirmed_on": "2022-02-10",
            "how_found": "community",
        },
        format="json",
    )
    assert made.status_code == 201
    proposal = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    refused = api.post(
        _confirm_url(proposal),
        {"uuid": uuid, "how_found": "screening"},
        format="json",
        HTTP_IF_MATCH=f'"v{proposal.version}"',
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["codes"] == {"uuid": ["uuid_taken"]}
    assert _saved() == (1, 1)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_a_proposal_waiting_for_a_second_test_is_refused(units, health_officer, patient):
    proposal = _proposal(health_officer, patient, dt.date(2022, 4, 14), kind=TestKind.RAPID_ANTIGEN)
    assert proposal.meets_definition is False
    refused = _api(health_officer).post(
        _confirm_url(proposal),
        {"how_found": "community"},
        format="json",
        HTTP_IF_MATCH=f'"v{proposal.version}"',
    )
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["codes"]["non_field_errors"] == ["cases.proposal_not_met"]
    assert error["fields"]["non_field_errors"][0].startswith("Chưa đủ tiêu chuẩn ca bệnh: ")
    assert _saved() == (0, 0)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.case_id) == (ProposalStatus.OPEN, None)


def test_another_communes_proposal_is_not_found(units, health_officer, province_health):
    neighbour = make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Giàng A Páo")
    proposal = _proposal(province_health, neighbour, dt.date(2022, 2, 8))
    refused = _api(health_officer).post(
        _confirm_url(proposal), {"how_found": "community"}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert refused.status_code == 404
    assert _saved() == (0, 0)


def test_confirming_needs_the_capability(units, commune_leader, health_officer, patient):
    proposal = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    refused = _api(commune_leader).post(
        _confirm_url(proposal), {"how_found": "community"}, format="json", HTTP_IF_MATCH='"v1"'
    )
    assert refused.status_code == 403
    assert _saved() == (0, 0)
