"""The directives pages: enter a letter, task every commune, acknowledge, report, complete with the
command centre as evidence, read the compliance page and its export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from phaodai.command.tests.factories import make_centre
from phaodai.directives.enums import TaskStatus
from phaodai.directives.models import Directive, Task, TaskReport
from phaodai.directives.tests.factories import make_directive

BACKEND = "django.contrib.auth.backends.ModelBackend"
PDF = b"%PDF-1.4\n% letter\n"


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def letter(units, district_leader):
    return make_directive(
        actor=district_leader,
        unit=units["Huyện Bắc Hà"],
        summary="V/v triển khai thực hiện các biện pháp cấp bách phòng, chống dịch Covid-19",
    )


def test_enter_a_letter_with_its_file(units, district_leader):
    client = _client(district_leader)
    assert client.get("/chi-dao/them/").status_code == 200
    answer = client.post(
        "/chi-dao/them/",
        {
            "unit": units["Huyện Bắc Hà"].pk,
            "issuing_body": "Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Bắc Hà",
            "number": "-CV/HU",
            "issued_on": "26/08/2021",
            "kind": "cong_van",
            "urgency": "khan",
            "summary": "V/v triển khai thực hiện các biện pháp cấp bách",
            "file": SimpleUploadedFile("cong-van.pdf", PDF, content_type="application/pdf"),
        },
    )
    directive = Directive.objects.unscoped().get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/chi-dao/{directive.pk}/"
    page = client.get(answer["Location"]).content.decode()
    assert "Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Bắc Hà" in page
    assert "Hỏa tốc" not in page
    assert "Khẩn" in page
    download = client.get(f"/chi-dao/{directive.pk}/tep/")
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_a_bad_file_is_refused_and_nothing_saved(units, district_leader):
    answer = _client(district_leader).post(
        "/chi-dao/them/",
        {
            "unit": units["Huyện Bắc Hà"].pk,
            "issuing_body": "Huyện ủy Bắc Hà",
            "issued_on": "26/08/2021",
            "kind": "cong_van",
            "urgency": "thuong",
            "summary": "V/v thử",
            "file": SimpleUploadedFile("cong-van.pdf", b"MZ not a pdf"),
        },
    )
    assert answer.status_code == 200
    assert "Chỉ nhận tệp pdf" in answer.content.decode()
    assert Directive.objects.unscoped().count() == 0


def test_assign_to_every_commune_then_report_from_the_commune(units, letter, district_leader, commune_leader):
    district = _client(district_leader)
    form = district.get(f"/chi-dao/{letter.pk}/giao-nhiem-vu/")
    assert form.status_code == 200
    refused = district.post(
        f"/chi-dao/{letter.pk}/giao-nhiem-vu/",
        {
            "title": "Thành lập Trung tâm Chỉ huy cấp xã",
            "unit": units["Huyện Bắc Hà"].pk,
            "every_commune": "on",
            "responsible_body": "UBND xã",
            "office_holder": "Chủ tịch UBND xã",
            "deadline": "20/08/2021",
            "report_frequency": "once",
        },
    )
    assert (
        "Hạn hoàn thành 20/08/2021 không được trước ngày ban hành văn bản (26/08/2021)."
        in refused.content.decode()
    )
    assert Task.objects.unscoped().count() == 0
    done = district.post(
        f"/chi-dao/{letter.pk}/giao-nhiem-vu/",
        {
            "title": "Thành lập Trung tâm Chỉ huy cấp xã",
            "unit": units["Huyện Bắc Hà"].pk,
            "every_commune": "on",
            "responsible_body": "UBND xã",
            "office_holder": "Chủ tịch UBND xã",
            "deadline": "27/08/2021",
            "report_frequency": "once",
        },
    )
    assert done.status_code == 302
    assert Task.objects.unscoped().count() == 2
    task = Task.objects.unscoped().get(unit=units["Xã Bản Phố"])

    commune = _client(commune_leader)
    inbox = commune.get("/chi-dao/nhiem-vu/").content.decode()
    assert "Thành lập Trung tâm Chỉ huy cấp xã" in inbox
    assert "Xã Lùng Phình" not in inbox
    ack = commune.post(f"/chi-dao/nhiem-vu/{task.pk}/tiep-nhan/", {"version": "1"})
    assert ack.status_code == 302
    progress = commune.post(
        f"/chi-dao/nhiem-vu/{task.pk}/tien-do/", {"version": "2", "progress": "50", "note": "Có dự thảo."}
    )
    assert progress.status_code == 302
    stale = commune.post(
        f"/chi-dao/nhiem-vu/{task.pk}/tien-do/", {"version": "2", "progress": "60", "note": "…"}
    )
    assert stale.status_code == 302
    assert TaskReport.objects.unscoped().filter(task=task).count() == 2
    centre = make_centre(unit=units["Xã Bản Phố"], established_on=dt.date(2021, 8, 27))
    complete_form = commune.get(f"/chi-dao/nhiem-vu/{task.pk}/hoan-thanh/").content.decode()
    assert f"command.commandcentre:{centre.pk}" in complete_form
    completed = commune.post(
        f"/chi-dao/nhiem-vu/{task.pk}/hoan-thanh/",
        {"version": "3", "evidence": f"command.commandcentre:{centre.pk}", "completed_on": ""},
    )
    assert completed.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (TaskStatus.DONE, dt.date(2021, 8, 27))
    detail = commune.get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert "Hoàn thành đúng hạn" in detail
    assert "Trung tâm Chỉ huy phòng, chống dịch Xã Bản Phố" in detail

    page = district.get(f"/chi-dao/ket-qua/?unit={units['Huyện Bắc Hà'].pk}&on=01/09/2021").content.decode()
    assert "Xã Bản Phố" in page
    assert "Xã Lùng Phình" in page
    export = district.get(f"/chi-dao/ket-qua/xuat/?unit={units['Huyện Bắc Hà'].pk}&on=01/09/2021&fmt=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Hạng", "Đơn vị / người đứng đầu", "Tổng số nhiệm vụ", "Hoàn thành đúng hạn"]
    assert rows[2] == ["", "Xã Bản Phố", "1", "1", "0", "0", "0", "0", "100"]
    assert rows[3] == ["", "Xã Lùng Phình", "1", "0", "0", "1", "1", "1", "0"]
    assert rows[4] == ["", "Tổng Huyện Bắc Hà", "2", "1", "0", "1", "1", "1", "50"]
    xlsx = district.get(f"/chi-dao/ket-qua/xuat/?unit={units['Huyện Bắc Hà'].pk}&fmt=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_list_search_and_filters(units, letter, district_leader):
    client = _client(district_leader)
    found = client.get("/chi-dao/", {"q": "cấp bách"}).content.decode()
    assert "cấp bách" in found
    none = client.get("/chi-dao/", {"kind": "quyet_dinh"}).content.decode()
    assert "Không có văn bản nào khớp với điều kiện tìm." in none
    partial = client.get("/chi-dao/", {"q": "cấp bách"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert partial.content.decode().lstrip().startswith('<section id="results"')


def test_the_steering_committee_is_the_suggested_issuing_body_and_the_centre_a_link(
    units, letter, district_leader, commune_leader
):
    from phaodai.command.tests.factories import make_committee
    from phaodai.directives.services import task_assign, task_complete

    make_committee(unit=units["Huyện Bắc Hà"], name="Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Bắc Hà")
    form = _client(district_leader).get("/chi-dao/them/").content.decode()
    assert 'value="Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Bắc Hà"' in form
    (task,) = task_assign(
        actor=district_leader,
        directive=letter,
        unit=units["Xã Bản Phố"],
        title="Thành lập Trung tâm Chỉ huy",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 8, 27),
    )
    centre = make_centre(unit=units["Xã Bản Phố"], established_on=dt.date(2021, 8, 28))
    task_complete(
        actor=commune_leader,
        task=task,
        evidence_type="command.commandcentre",
        evidence_id=centre.pk,
        today=dt.date(2021, 9, 1),
    )
    page = _client(commune_leader).get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert f'href="/chi-huy/trung-tam/{centre.pk}/"' in page
    assert "Hoàn thành trễ hạn" in page
