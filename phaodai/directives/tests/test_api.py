"""/api/v1/directives/, /api/v1/tasks/, /api/v1/task-compliance/: the letter entered, tasked to
every commune, reported on with If-Match, and the figures read back; answers match the schema."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.command.tests.factories import make_centre
from phaodai.directives.models import Directive, Task

LETTER = {
    "unit": None,
    "issuing_body": "Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Bắc Hà",
    "number": "-CV/HU",
    "issued_on": "2021-08-26",
    "directive_kind": "cong_van",
    "urgency": "khan",
    "summary": "V/v triển khai thực hiện các biện pháp cấp bách phòng, chống dịch Covid-19",
    "text": "5. Đảng ủy các xã, thị trấn: thành lập Trung tâm Chỉ huy cấp xã (hoàn thành trước ngày 28/8/2021).",
}
TASK = {
    "every_commune": True,
    "title": "Thành lập Trung tâm Chỉ huy phòng, chống dịch cấp xã",
    "responsible_body": "UBND xã",
    "office_holder": "Chủ tịch UBND xã",
    "deadline": "2021-08-27",
    "report_required": "Quyết định thành lập",
}


@pytest.fixture
def entered(units, district_leader):
    client = token_client(district_leader)
    created = client.post("/api/v1/directives/", {**LETTER, "unit": units["Huyện Bắc Hà"].pk}, format="json")
    assert created.status_code == 201, created.json()
    assert_matches_schema(created, "directive_create")
    directive_id = created.json()["id"]
    tasks = client.post(
        f"/api/v1/directives/{directive_id}/tasks/", {**TASK, "unit": units["Huyện Bắc Hà"].pk}, format="json"
    )
    assert tasks.status_code == 201, tasks.json()
    assert_matches_schema(tasks, "task_assign")
    return directive_id, {row["unit"]["name"]: row for row in tasks.json()["tasks"]}


def test_enter_task_report_and_read_compliance(units, entered, district_leader, commune_leader):
    directive_id, tasks = entered
    assert sorted(tasks) == ["Xã Bản Phố", "Xã Lùng Phình"]
    commune = token_client(commune_leader)
    own = tasks["Xã Bản Phố"]

    inbox = commune.get("/api/v1/tasks/", {"state": "open"})
    assert inbox.status_code == 200
    assert_matches_schema(inbox, "task_list")
    assert [row["id"] for row in inbox.json()["results"]] == [own["id"]]
    # the commune reads the district's letter that tasks it; not the other commune's task
    assert commune.get(f"/api/v1/directives/{directive_id}/").status_code == 200
    assert commune.get(f"/api/v1/tasks/{tasks['Xã Lùng Phình']['id']}/").status_code == 404

    detail = commune.get(f"/api/v1/tasks/{own['id']}/")
    assert detail["ETag"] == '"v1"'
    reports = f"/api/v1/tasks/{own['id']}/reports/"
    missing = commune.post(reports, {"report_kind": "acknowledged"}, format="json")
    assert missing.status_code == 428
    ack = commune.post(reports, {"report_kind": "acknowledged"}, format="json", HTTP_IF_MATCH='"v1"')
    assert ack.status_code == 201, ack.json()
    assert ack["ETag"] == '"v2"'
    stale = commune.post(
        reports,
        {"report_kind": "progress", "progress": 50, "note": "Dự thảo"},
        format="json",
        HTTP_IF_MATCH='"v1"',
    )
    assert stale.status_code == 412
    centre = make_centre(unit=units["Xã Bản Phố"], established_on=dt.date(2021, 8, 27))
    done = commune.post(
        reports,
        {"report_kind": "completed", "evidence_type": "command.commandcentre", "evidence_id": centre.pk},
        format="json",
        HTTP_IF_MATCH='"v2"',
    )
    assert done.status_code == 201, done.json()
    assert_matches_schema(done, "task_report_create")
    assert done.json()["evidence_label"] == "Trung tâm Chỉ huy phòng, chống dịch Xã Bản Phố"
    assert Task.objects.unscoped().get(pk=own["id"]).completed_on == dt.date(2021, 8, 27)

    compliance = token_client(district_leader).get(
        "/api/v1/task-compliance/", {"unit": units["Huyện Bắc Hà"].pk, "on": "2021-09-01"}
    )
    assert compliance.status_code == 200
    assert_matches_schema(compliance, "task_compliance")
    body = compliance.json()
    assert body["total"] | {"name": ""} == {
        "name": "",
        "unit": units["Huyện Bắc Hà"].pk,
        "office_holder": "",
        "total": 2,
        "on_time": 1,
        "late": 0,
        "open": 1,
        "overdue": 1,
        "not_acknowledged": 1,
        "on_time_percent": 50,
    }
    assert [(row["name"], row["on_time"], row["overdue"]) for row in body["rows"]] == [
        ("Xã Bản Phố", 1, 0),
        ("Xã Lùng Phình", 0, 1),
    ]


def test_a_deadline_before_the_letter_is_refused(units, entered, district_leader):
    directive_id, _tasks = entered
    before = Task.objects.unscoped().count()
    answer = token_client(district_leader).post(
        f"/api/v1/directives/{directive_id}/tasks/",
        {**TASK, "unit": units["Huyện Bắc Hà"].pk, "deadline": "2021-08-20"},
        format="json",
    )
    assert answer.status_code == 400
    assert_matches_schema(answer, "task_assign")
    error = answer.json()["error"]
    assert error["fields"]["deadline"] == [
        "Hạn hoàn thành 20/08/2021 không được trước ngày ban hành văn bản (26/08/2021)."
    ]
    assert error["codes"]["deadline"] == ["directives.deadline_before_directive"]
    assert Task.objects.unscoped().count() == before


def test_directive_update_needs_if_match_and_others_see_nothing(units, entered, district_leader):
    directive_id, _tasks = entered
    client = token_client(district_leader)
    url = f"/api/v1/directives/{directive_id}/"
    assert client.patch(url, {"number": "15-CV/HU"}, format="json", if_match=None).status_code == 428
    changed = client.patch(url, {"number": "15-CV/HU"}, format="json", HTTP_IF_MATCH='"v1"')
    assert changed.status_code == 200
    assert_matches_schema(changed, "directive_update")
    assert Directive.objects.unscoped().get(pk=directive_id).number == "15-CV/HU"
    assert anonymous_client().get(url).status_code == 401
    from phaodai.accounts.tests.factories import make_user
    from phaodai.core.roles import Role

    stranger = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Sán Chải"], username="sanchai")
    assert token_client(stranger).get(url).status_code == 404
    assert token_client(stranger).get("/api/v1/directives/").json()["results"] == []


def test_the_letters_file_is_sent_with_if_match_and_read_back(
    units, entered, district_leader, commune_leader
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phaodai.audit.models import AuditEvent

    directive_id, _tasks = entered
    client = token_client(district_leader)
    url = f"/api/v1/directives/{directive_id}/file/"
    assert client.get(url).status_code == 404  # no file yet
    pdf = b"%PDF-1.4\n% the signed letter\n"

    missing = client.put(url, {"file": SimpleUploadedFile("Công văn 10.pdf", pdf)}, format="multipart")
    assert missing.status_code == 428
    wrong = client.put(
        url,
        {"file": SimpleUploadedFile("cong-van.pdf", b"MZ\x90\x00 not a pdf")},
        format="multipart",
        HTTP_IF_MATCH='"v1"',
    )
    assert wrong.status_code == 400
    assert_matches_schema(wrong, "directive_file_upload")
    assert wrong.json()["error"]["codes"] == {"file": ["directives.file_type"]}
    none = client.put(url, {}, format="multipart", HTTP_IF_MATCH='"v1"')
    assert none.status_code == 400
    assert none.json()["error"]["fields"] == {"file": ["Hãy chọn tệp văn bản."]}
    as_json = client.put(url, {"file": "x"}, format="json", HTTP_IF_MATCH='"v1"')
    assert as_json.status_code == 415
    assert Directive.objects.unscoped().get(pk=directive_id).version == 1

    sent = client.put(
        url, {"file": SimpleUploadedFile("Công văn 10.pdf", pdf)}, format="multipart", HTTP_IF_MATCH='"v1"'
    )
    assert sent.status_code == 200, sent.json()
    assert_matches_schema(sent, "directive_file_upload")
    assert (sent.json()["has_file"], sent.json()["version"], sent["ETag"]) == (True, 2, '"v2"')
    stale = client.put(
        url, {"file": SimpleUploadedFile("Công văn 10.pdf", pdf)}, format="multipart", HTTP_IF_MATCH='"v1"'
    )
    assert stale.status_code == 412
    directive = Directive.objects.unscoped().get(pk=directive_id)
    assert directive.file_name == "Công văn 10.pdf"
    event = AuditEvent.objects.filter(event="directives.directive_updated", target_id=directive_id).get()
    assert event.changes["file_name"] == ["", "Công văn 10.pdf"]

    # the commune the letter tasks reads it; its leader may not replace the district's letter
    commune = token_client(commune_leader)
    read = commune.get(url)
    assert read.status_code == 200
    assert b"".join(read.streaming_content) == pdf  # type: ignore[attr-defined]
    assert "attachment" in read["Content-Disposition"]
    assert "C%C3%B4ng%20v%C4%83n%2010.pdf" in read["Content-Disposition"]
    assert (
        commune.put(
            url, {"file": SimpleUploadedFile("x.pdf", pdf)}, format="multipart", HTTP_IF_MATCH='"v2"'
        ).status_code
        == 403
    )
    assert Directive.objects.unscoped().get(pk=directive_id).version == 2
    too_big = client.put(
        url,
        {"file": SimpleUploadedFile("big.pdf", pdf + b"0" * (10 * 1024 * 1024 + 70 * 1024))},
        format="multipart",
        HTTP_IF_MATCH='"v2"',
    )
    assert too_big.status_code == 413
    assert too_big.json()["error"]["message"] == "Nội dung gửi lên quá lớn (tối đa 10 MB)."
