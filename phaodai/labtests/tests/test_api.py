"""The testing API: sessions, samples and results (ETag / If-Match), proposals; the schema holds."""

import datetime as dt

import pytest

from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AccessLog
from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.models import Sample, TestResult
from phaodai.labtests.tests.factories import make_sample, make_session
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def mai(units):
    return make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Lù Thị Mai", birth_year=1985)


def test_a_phone_records_a_session_and_a_rapid_test_once(health_staff, units, mai):
    client = token_client(health_staff)

    session = client.post(
        "/api/v1/test-sessions/",
        {
            "unit": units["Xã Bản Phố"].pk,
            "held_on": "2022-04-20",
            "place_kind": "school",
            "place": "Trường THCS Bản Phố",
        },
        format="json",
    )
    body = {
        "uuid": "4b1e4c6e-2f55-4d59-9c1b-6f1f0c3a9a10",
        "person": mai.pk,
        "session": session.json()["id"],
        "result": "negative",
    }
    first = client.post("/api/v1/samples/", body, format="json")
    again = client.post("/api/v1/samples/", body, format="json")

    assert (session.status_code, first.status_code, again.status_code) == (201, 201, 200)
    assert_matches_schema(first, "sample_create")
    assert first.json()["kind"] == TestKind.RAPID_ANTIGEN
    assert Sample.objects.unscoped().count() == 1
    assert TestResult.objects.unscoped().get().result == ResultValue.NEGATIVE


def test_a_result_before_its_sample_is_a_400_with_the_code(health_staff, mai):
    client = token_client(health_staff)

    answer = client.post(
        "/api/v1/samples/",
        {
            "person": mai.pk,
            "kind": "rt_pcr",
            "sampled_on": "2022-04-20",
            "result": "positive",
            "result_on": "2022-04-19",
        },
        format="json",
    )

    assert answer.status_code == 400
    assert "labtests.result_before_sample" in answer.json()["error"]["codes"]["result_on"]
    assert Sample.objects.unscoped().count() == 0


def test_editing_a_result_needs_its_etag_and_a_stale_one_is_412(health_staff, mai):
    sample = make_sample(
        actor=health_staff, person=mai, kind=TestKind.RT_PCR, sampled_on=dt.date(2022, 4, 20)
    )
    client = token_client(health_staff)
    recorded = client.post(
        f"/api/v1/samples/{sample.pk}/result/", {"result": "positive", "ct_value": "21.5"}, format="json"
    )
    url = f"/api/v1/test-results/{recorded.json()['id']}/"

    read = client.get(url)
    missing = client.patch(url, {"lab": "CDC"}, format="json", if_match=None)
    edited = client.patch(url, {"lab": "CDC Lào Cai"}, format="json", HTTP_IF_MATCH=read["ETag"])
    stale = client.patch(url, {"result": "negative"}, format="json", HTTP_IF_MATCH=read["ETag"])

    assert recorded.status_code == 201
    assert (read.status_code, missing.status_code, edited.status_code, stale.status_code) == (
        200,
        428,
        200,
        412,
    )
    assert stale.json()["error"]["changed"] == {"lab": "CDC Lào Cai"}
    assert TestResult.objects.unscoped().get().result == ResultValue.POSITIVE
    assert AccessLog.objects.filter(target_type="labtests.testresult", channel="api").exists()


def test_proposals_list_for_health_staff_and_not_for_another_commune(health_staff, other_health_staff, mai):
    make_sample(
        actor=health_staff,
        person=mai,
        kind=TestKind.RT_PCR,
        sampled_on=dt.date(2022, 4, 20),
        result=ResultValue.POSITIVE,
    )

    mine = token_client(health_staff).get("/api/v1/case-proposals/")
    theirs = token_client(other_health_staff).get("/api/v1/case-proposals/")

    assert_matches_schema(mine, "case_proposal_list")
    assert [
        (p["person"]["full_name"], p["meets_definition"], p["rule_set"]) for p in mine.json()["results"]
    ] == [("Lù Thị Mai", True, "case_definition.1909")]
    assert theirs.json()["results"] == []


def test_deleting_a_result_needs_its_etag(health_staff, mai, units):
    session = make_session(actor=health_staff, unit=units["Xã Bản Phố"])
    sample = make_sample(actor=health_staff, person=mai, session=session, result=ResultValue.NEGATIVE)
    client = token_client(health_staff)
    url = f"/api/v1/test-results/{sample.result.pk}/"

    refused = client.delete(url)
    deleted = client.delete(url, HTTP_IF_MATCH='"v1"')

    assert (refused.status_code, deleted.status_code) == (428, 204)
    assert TestResult.objects.unscoped().count() == 0
    assert Sample.objects.unscoped().count() == 1
