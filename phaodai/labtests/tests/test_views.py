"""The testing pages: the fast entry of a screening (one line per person), lists, export, import."""

import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job
from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.models import CaseProposal, Sample, TestResult
from phaodai.labtests.tests.factories import make_pool, make_sample, make_session
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person
from tests.world import MODEL_BACKEND


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return login


@pytest.fixture
def session(health_staff, units):
    return make_session(
        actor=health_staff, unit=units["Xã Bản Phố"], held_on=dt.date(2022, 4, 20), place="Chợ phiên Bản Phố"
    )


@pytest.fixture
def mai(units):
    return make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Lù Thị Mai", birth_year=1985, phone="0912345678"
    )


def _line(**fields):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": TestKind.RAPID_ANTIGEN,
        "result": "",
        "who": "",
        "person": "",
        **fields,
    }


def test_lookup_finds_people_of_the_sessions_unit_by_name_and_phone(
    client_for, health_staff, session, mai, units
):
    make_person(
        residence_unit=units["Thôn Lùng Phình"], full_name="Lù Thị Mai", birth_year=1985
    )  # another commune
    client = client_for(health_staff)

    by_name = client.get(
        reverse("labtests:person_lookup"), {"in": session.unit_id, "who": "lu thi mai", "new": "1"}
    )
    by_phone = client.get(reverse("labtests:person_lookup"), {"in": session.unit_id, "who": "5678"})

    assert by_name.status_code == 200
    assert by_name.content.decode().count('name="person" value="') == 2  # Mai, and "Người mới"
    assert f'value="{mai.pk}" checked' in by_name.content.decode()
    assert f'value="{mai.pk}"' in by_phone.content.decode()


def test_a_line_saved_by_htmx_comes_back_fresh_with_the_saved_line(client_for, health_staff, session, mai):
    client = client_for(health_staff)

    response = client.post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(who="Lù Thị Mai", person=str(mai.pk), result=ResultValue.POSITIVE, symptoms="on"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="entry",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="afterbegin:#lines"' in body
    assert "Đã lưu: Lù Thị Mai" in body
    sample = Sample.objects.unscoped().get(session=session)
    assert (sample.person, sample.kind, sample.sampled_on, sample.symptoms) == (
        mai,
        TestKind.RAPID_ANTIGEN,
        session.held_on,
        True,
    )
    assert sample.result.result == ResultValue.POSITIVE
    assert CaseProposal.objects.unscoped().get(person=mai).meets_definition is True  # 1909: symptoms + RAT


def test_a_line_with_only_a_name_uses_the_one_match(client_for, health_staff, session, mai):
    response = client_for(health_staff).post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(who="0912345678", result=ResultValue.NEGATIVE),
    )

    assert response.status_code == 302
    assert TestResult.objects.unscoped().get().person == mai


def test_a_new_person_on_a_line_is_registered_in_the_chosen_village(client_for, health_staff, session, units):
    response = client_for(health_staff).post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(
            who="Giàng A Sử",
            person="new",
            new_sex="M",
            new_birth_year="2001",
            new_village=str(units["Thôn Bản Phố 2"].pk),
            result=ResultValue.NEGATIVE,
        ),
    )

    assert response.status_code == 302
    person = Person.objects.unscoped().get(full_name="Giàng A Sử")
    assert (person.residence_unit, person.birth_year) == (units["Thôn Bản Phố 2"], 2001)
    assert Sample.objects.unscoped().get(session=session).person == person


def test_a_bad_line_says_why_and_saves_nothing(client_for, health_staff, session, mai):
    response = client_for(health_staff).post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(who="Lù Thị Mai", person=str(mai.pk), result=ResultValue.POSITIVE, ct_value="24"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="entry",
    )

    assert response.status_code == 200
    assert "Chỉ xét nghiệm RT-PCR mới có giá trị Ct." in response.content.decode()
    assert Sample.objects.unscoped().count() == 0


def test_the_session_page_lists_its_lines_and_logs_the_reading(client_for, health_staff, session, mai):
    make_sample(actor=health_staff, person=mai, session=session, result=ResultValue.NEGATIVE)

    response = client_for(health_staff).get(reverse("labtests:session_detail", args=[session.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="line-count">1<' in body
    assert "Lù Thị Mai" in body
    assert AccessLog.objects.filter(actor=health_staff, target_type="labtests.sample", count=1).exists()


def test_leaders_view_but_get_no_entry_form(client_for, commune_leader, session):
    response = client_for(commune_leader).get(reverse("labtests:session_detail", args=[session.pk]))

    assert response.status_code == 200
    assert "data-entry" not in response.content.decode()
    assert client_for(commune_leader).get(reverse("labtests:session_create")).status_code == 403


def test_lists_and_follow_ups(client_for, health_staff, session, mai, units):
    other = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Sùng A Páo", birth_year=1970)
    pool = make_pool(actor=health_staff, session=session, members=[mai, other])
    client = client_for(health_staff)
    client.post(
        reverse("labtests:pool_result", args=[pool.pk]), {"version": pool.version, "result": "positive"}
    )

    follow_ups = client.get(reverse("labtests:follow_up_list")).content.decode()
    sessions = client.get(reverse("labtests:session_list"), {"q": "chợ"}).content.decode()
    results = client.get(reverse("labtests:result_list")).content.decode()

    assert "Lù Thị Mai" in follow_ups
    assert "Sùng A Páo" in follow_ups
    assert "Chợ phiên Bản Phố" in sessions
    assert "Không có kết quả xét nghiệm nào khớp" in results


def test_export_asks_the_purpose_then_gives_the_results(client_for, health_staff, session, mai):
    make_sample(actor=health_staff, person=mai, session=session, result=ResultValue.NEGATIVE)
    client = client_for(health_staff)

    asked = client.get(reverse("labtests:result_export"))
    exported = client.get(reverse("labtests:result_export"), {"purpose": "report", "fmt": "csv"})

    assert "Mục đích xuất danh sách" in asked.content.decode()
    content = b"".join(exported.streaming_content).decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert lines[0].startswith("Mã kết quả,Họ và tên,Năm sinh")
    assert "Lù Thị Mai" in lines[1]
    assert "Âm tính" in lines[1]
    assert AccessLog.objects.filter(kind="exported", purpose="Báo cáo cấp trên").count() == 1


def test_a_long_result_list_is_exported_by_a_job_with_the_same_filters(
    client_for, health_staff, session, mai, units, settings, django_capture_on_commit_callbacks
):
    settings.PHAODAI_EXPORT_SYNC_ROWS = 1
    tuan = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Vàng Văn Tuấn", birth_year=1990)
    sung = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Sùng Thị Dua", birth_year=1985)
    for person, value in (
        (mai, ResultValue.NEGATIVE),
        (tuan, ResultValue.NEGATIVE),
        (sung, ResultValue.POSITIVE),
    ):
        make_sample(actor=health_staff, person=person, session=session, result=value)
    client = client_for(health_staff)

    asked = client.get(reverse("labtests:result_export"), {"result": "negative"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("labtests:result_export"), {"result": "negative", "purpose": "report", "fmt": "xlsx"}
        )

    job = Job.objects.unscoped().latest("pk")
    assert "Danh sách lớn sẽ được xuất trong nền" in asked.content.decode()
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.kind, job.status, job.result["count"], job.label) == (
        "labtests.export",
        JobStatus.SUCCEEDED,
        2,
        "Xuất 2 kết quả xét nghiệm ra XLSX",
    )
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(download.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert sorted(row[1] for row in rows[1:]) == ["Lù Thị Mai", "Vàng Văn Tuấn"]
    log = AccessLog.objects.get(kind="exported")
    assert (log.purpose, log.count, log.actor) == ("Báo cáo cấp trên", 2, health_staff)


def _csv(text: str) -> io.BytesIO:
    data = io.BytesIO(text.encode("utf-8"))
    data.name = "ket-qua.csv"
    return data


SHEET = (
    "Họ và tên,Số điện thoại,Ngày lấy mẫu,Kết quả,Ngày trả kết quả,Loại xét nghiệm,Giá trị Ct,Ghi chú\n"
    "Lù Thị Mai,0912345678,20/04/2022,Dương tính,21/04/2022,RT-PCR,23.5,\n"
    "Lù Thị Mai,0912345678,22/04/2022,Âm tính,21/04/2022,RT-PCR,,\n"
    "Người Lạ,,20/04/2022,Âm tính,21/04/2022,RT-PCR,,\n"
    "Lù Thị Mai,0912345678,20/04/2022,Dương,21/04/2022,PCR,,\n"
)


def _upload(client, units, text, mode="valid"):
    response = client.post(
        reverse("labtests:result_import"), {"unit": units["Xã Bản Phố"].pk, "file": _csv(text), "mode": mode}
    )
    assert response.status_code == 302
    return response["Location"]


def test_import_previews_the_first_rows_then_runs_as_a_job_with_an_error_report(
    client_for, health_staff, mai, units, django_capture_on_commit_callbacks
):
    client = client_for(health_staff)

    preview_url = _upload(client, units, SHEET)
    preview = client.get(preview_url).content.decode()
    assert preview_url.startswith(reverse("labtests:result_import_preview") + "?tep=")
    assert TestResult.objects.unscoped().count() == 0  # the preview writes nothing
    assert "Các cột sau sẽ không được nhập: Ghi chú" in preview
    assert "<td>2</td><td>Sẽ lưu</td><td>Lù Thị Mai</td>" in preview
    assert "trước ngày lấy mẫu 22/04/2022" in preview
    assert "Không tìm thấy người này trong sổ nhân khẩu của Xã Bản Phố" in preview
    assert "Trùng với dòng 2" in preview
    assert "Nhập 4 dòng" in preview

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(preview_url, {"start": "1", "mode": "valid"})

    job = Job.objects.unscoped().get(kind="labtests.results")
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.result["line"], job.result_name, job.done, job.total) == (
        JobStatus.SUCCEEDED,
        "rows=4 created=1 updated=0 skipped=0 errors=3",
        "loi-ket-qua.xlsx",
        4,
        4,
    )
    result = TestResult.objects.unscoped().get()
    assert (result.person, result.result, result.ct_value, result.sampled_on, result.source) == (
        mai,
        ResultValue.POSITIVE,
        Decimal("23.5"),
        dt.date(2022, 4, 20),
        "import",
    )
    assert (
        "Tải danh sách dòng lỗi (.xlsx)" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    )
    report = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content)))
    reasons = [str(row[-1]) for row in sheet.get_sheet_by_index(0).to_python()[1:]]
    assert len(reasons) == 3
    assert "Trùng với dòng 2" in reasons[2]
    assert AuditEvent.objects.filter(event="labtests.results_imported").count() == 1

    again_url = _upload(client, units, SHEET.splitlines()[0] + "\n" + SHEET.splitlines()[1] + "\n")
    assert "<td>2</td><td>Đã có, bỏ qua</td>" in client.get(again_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(again_url, {"start": "1", "mode": "valid"})
    assert TestResult.objects.unscoped().count() == 1
    assert Job.objects.unscoped().order_by("-pk")[0].result["line"] == (
        "rows=1 created=0 updated=0 skipped=1 errors=0"
    )


def test_an_all_or_nothing_import_with_a_bad_row_stores_nothing(
    client_for, health_staff, mai, units, django_capture_on_commit_callbacks
):
    client = client_for(health_staff)
    preview_url = _upload(client, units, SHEET, mode="all")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url, {"start": "1", "mode": "all"})

    job = Job.objects.unscoped().get(kind="labtests.results")
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["message"].startswith("Không lưu dòng nào: 3 dòng có lỗi")
    assert TestResult.objects.unscoped().count() == 0


def test_the_import_preview_needs_an_upload_of_this_session(client_for, health_staff):
    response = client_for(health_staff).get(reverse("labtests:result_import_preview") + "?tep=khong-co")

    assert (response.status_code, response["Location"]) == (302, reverse("labtests:result_import"))


def test_the_person_page_shows_the_persons_tests(client_for, health_staff, session, mai):
    make_sample(actor=health_staff, person=mai, session=session, result=ResultValue.POSITIVE, symptoms=True)

    body = client_for(health_staff).get(reverse("people:detail", args=[mai.pk])).content.decode()

    assert "Xét nghiệm: Dương tính" in body
    assert "Đề xuất ca bệnh: Chờ xem xét" in body
    assert reverse("labtests:result_detail", args=[TestResult.objects.unscoped().get().pk]) in body


# --- the proposal pages: confirming (the cases app's page, offered through core.shell) --------


def test_an_open_proposal_that_meets_the_definition_offers_health_officers_the_confirmation(
    client_for, health_staff, commune_leader, session, mai
):
    make_sample(actor=health_staff, person=mai, session=session, kind=TestKind.RT_PCR, result="positive")
    proposal = CaseProposal.objects.unscoped().get()
    confirm = reverse("cases:case_confirm", kwargs={"proposal_id": proposal.pk})
    detail = reverse("labtests:proposal_detail", args=[proposal.pk])

    officer_detail = client_for(health_staff).get(detail).content.decode()
    officer_list = client_for(health_staff).get(reverse("labtests:proposal_list")).content.decode()
    leader_detail = client_for(commune_leader).get(detail).content.decode()
    leader_list = client_for(commune_leader).get(reverse("labtests:proposal_list")).content.decode()

    assert f'<a class="button" href="{confirm}">Khẳng định ca bệnh</a>' in officer_detail
    assert f'href="{confirm}">Khẳng định ca bệnh</a>' in officer_list
    assert confirm not in leader_detail  # leaders see the proposal, only health officers confirm
    assert confirm not in leader_list
    assert "Chưa thể khẳng định ca bệnh." not in officer_detail


def test_a_proposal_waiting_for_its_second_test_says_which_and_offers_no_confirmation(
    client_for, health_staff, session, mai
):
    first = make_sample(
        actor=health_staff,
        person=mai,
        session=session,
        kind=TestKind.RAPID_ANTIGEN,
        sampled_on=dt.date(2022, 4, 14),
        sampled_at=dt.time(8, 0),
        epi_factors=True,
        result="positive",
    )
    proposal = CaseProposal.objects.unscoped().get()
    confirm = reverse("cases:case_confirm", kwargs={"proposal_id": proposal.pk})
    client = client_for(health_staff)

    waiting = client.get(reverse("labtests:proposal_detail", args=[proposal.pk])).content.decode()
    listed = client.get(reverse("labtests:proposal_list")).content.decode()
    refused = client.post(
        confirm,
        {
            "version": proposal.version,
            "unit": session.unit.pk,
            "confirmed_on": "14/04/2022",
            "how_found": "screening",
            "vaccination_status": "full",
        },
    )

    assert confirm not in waiting
    assert confirm not in listed
    assert (
        "<b>Chưa thể khẳng định ca bệnh.</b> Chưa đủ tiêu chuẩn ca bệnh theo 11042/BYT-DP. Còn cần: "
        in waiting
    )
    assert "Test nhanh kháng nguyên dương tính lần 2 trong vòng 8 giờ sau lần đầu (điểm d)." in waiting
    assert (
        "Chưa đủ tiêu chuẩn ca bệnh: Chưa đủ tiêu chuẩn ca bệnh theo 11042/BYT-DP."
        in refused.content.decode()
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.case_id) == ("open", None)

    make_sample(  # the second rapid test, 3 hours after the first: criterion (d) is met
        actor=health_staff,
        person=mai,
        kind=TestKind.RAPID_ANTIGEN,
        sampled_on=first.sampled_on,
        sampled_at=dt.time(11, 0),
        epi_factors=True,
        result="positive",
    )
    ready = client.get(reverse("labtests:proposal_detail", args=[proposal.pk])).content.decode()

    assert f'<a class="button" href="{confirm}">Khẳng định ca bệnh</a>' in ready
    assert "Chưa thể khẳng định ca bệnh." not in ready
