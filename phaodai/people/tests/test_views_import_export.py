"""The import pages (upload, columns, preview, start as a job) and the export page (purpose, .xlsx, job)."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from python_calamine import CalamineWorkbook

from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person
from phaodai.sheets.models import SheetMapping
from phaodai.sheets.tests.files import write_xlsx
from tests.world import MODEL_BACKEND

PURPOSE = "Lập danh sách tiêm chủng"


def _client(user):
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _upload(tmp_path, rows, name="ds.xlsx"):
    path = write_xlsx(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes())


ROWS = [
    ["STT", "Ho va ten", "Ngay sinh", "Gioi tinh", "Thon", "Ghi chu rieng"],
    [1, "Giàng A Páo", "02/05/1980", "Nam", "Bản Phố 1", "x"],
    [2, "Giàng Thị Mai", "31/02/1990", "Nữ", "Bản Phố 1", ""],
]


def test_a_renamed_program_is_refused_on_the_upload_page(tmp_path, commune_leader, units, settings):
    settings.PHAODAI_JOB_FILES = tmp_path / "jobs"
    fake = SimpleUploadedFile("danh-sach.xlsx", b"MZ" + b"\0" * 500)

    response = _client(commune_leader).post(
        "/nhan-khau/nhap/", {"file": fake, "unit": units["Xã Bản Phố"].pk, "mode": "all"}
    )

    assert response.status_code == 200
    assert "Tệp này là một chương trình, không phải bảng tính: không nhận." in response.content.decode()
    assert list((tmp_path / "jobs").glob("uploads/*")) == []  # the refused file is not kept


def test_upload_preview_and_start_an_import_as_a_job(
    tmp_path, commune_leader, units, django_capture_on_commit_callbacks
):
    client = _client(commune_leader)

    uploaded = client.post(
        "/nhan-khau/nhap/", {"file": _upload(tmp_path, ROWS), "unit": units["Xã Bản Phố"].pk, "mode": "valid"}
    )
    preview_url = uploaded["Location"]
    preview = client.get(preview_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            preview_url,
            {
                "map": "1",
                "start": "1",
                "mode": "valid",
                "col-1": "full_name",
                "col-2": "birth_date",
                "col-3": "sex",
                "col-4": "village",
            },
        )

    assert preview_url.startswith("/nhan-khau/nhap/xem-truoc/?tep=")
    assert "Các cột sau sẽ không được nhập: STT, Ghi chu rieng" in preview
    assert "<div>Ngay sinh “31/02/1990”: Ngày 31/02/1990 không có trên lịch.</div>" in preview
    assert "<td>1</td><td>Giàng A Páo</td><td>02/05/1980</td>" in preview
    assert "Nhập 2 dòng" in preview
    job = Job.objects.unscoped().get(kind="people.residents")
    assert started["Location"] == f"/viec/{job.pk}/"
    assert (job.status, job.result["line"], job.result_name) == (
        JobStatus.SUCCEEDED,
        "rows=2 created=1 updated=0 skipped=0 errors=1",
        "loi-ds.xlsx",
    )
    assert list(Person.objects.unscoped().values_list("full_name", flat=True)) == ["Giàng A Páo"]
    page = client.get(f"/viec/{job.pk}/").content.decode()
    assert "Tải danh sách dòng lỗi (.xlsx)" in page
    report = client.get(f"/viec/{job.pk}/tai-ve/")
    rows = (
        CalamineWorkbook.from_filelike(BytesIO(b"".join(report.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][-1] == "Ngay sinh “31/02/1990”: Ngày 31/02/1990 không có trên lịch."
    mapping = SheetMapping.objects.unscoped().get()
    assert mapping.mapping == {
        "Ho va ten": "full_name",
        "Ngay sinh": "birth_date",
        "Gioi tinh": "sex",
        "Thon": "village",
    }

    again = client.post(
        "/nhan-khau/nhap/",
        {"file": _upload(tmp_path, ROWS, "lan-2.xlsx"), "unit": units["Xã Bản Phố"].pk, "mode": "all"},
    )
    assert "Dùng cách ghép cột đã lưu lần trước" in client.get(again["Location"]).content.decode()


def test_the_preview_needs_an_upload_of_this_session(commune_leader):
    response = _client(commune_leader).get("/nhan-khau/nhap/xem-truoc/?tep=khong-co")

    assert (response.status_code, response["Location"]) == (302, "/nhan-khau/nhap/")


def test_the_export_asks_for_the_purpose_first(world):
    response = world.client_for("own_commune").get("/nhan-khau/xuat/", {"sex": "M"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Danh sách đang lọc có 2 người." in body
    assert '<input type="hidden" name="sex" value="M">' in body
    assert not AuditEvent.objects.filter(event="people.people_exported").exists()


def test_an_xlsx_export_keeps_dates_as_dates_and_ids_as_text_with_a_frozen_header(world):
    response = world.client_for("own_commune").get("/nhan-khau/xuat/", {"fmt": "xlsx", "purpose": PURPOSE})

    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_index(0).to_python()
    sheet = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert rows[0][:6] == ["Mã hồ sơ", "Họ và tên", "Giới tính", "Ngày sinh", "Năm sinh", "Số CCCD/CMND"]
    pao = next(row for row in rows if row[1] == "Giàng Seo Páo")
    assert (pao[3], pao[4], pao[5], pao[6]) == (dt.date(1961, 4, 9), 1961.0, "010061000111", "0912000111")
    assert 'ySplit="1"' in sheet
    assert 'state="frozen"' in sheet
    event = AuditEvent.objects.get(event="people.people_exported")
    assert (event.reason, event.changes["format"], event.changes["count"]) == (PURPOSE, "xlsx", 2)


def test_a_long_list_is_exported_by_a_job_with_a_download_link(
    world, settings, django_capture_on_commit_callbacks
):
    settings.PHAODAI_EXPORT_SYNC_ROWS = 1
    client = world.client_for("own_commune")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/nhan-khau/xuat/", {"fmt": "xlsx", "purpose": PURPOSE})

    job = Job.objects.unscoped().latest("pk")
    assert response["Location"] == f"/viec/{job.pk}/"
    assert (job.status, job.result["count"], job.label) == (
        JobStatus.SUCCEEDED,
        2,
        "Xuất 2 nhân khẩu ra XLSX",
    )
    download = client.get(f"/viec/{job.pk}/tai-ve/")
    rows = (
        CalamineWorkbook.from_filelike(BytesIO(b"".join(download.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert sorted(row[1] for row in rows[1:]) == ["Giàng Seo Pao", "Giàng Seo Páo"]
    log = AccessLog.objects.get()
    assert (log.purpose, log.count, log.actor) == (PURPOSE, 2, world.users["own_commune"])
    assert world.client_for("parent_district").get(f"/viec/{job.pk}/tai-ve/").status_code == 404


def test_the_people_list_offers_import_and_export(commune_leader, units):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Páo")

    body = _client(commune_leader).get("/nhan-khau/").content.decode()

    assert 'href="/nhan-khau/nhap/"' in body
    assert "Xuất 1 người (Excel, CSV)" in body
