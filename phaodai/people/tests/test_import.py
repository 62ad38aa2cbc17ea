"""Importing residents from the commune's lists: the form's rules per row, nothing half-written,
nothing stored twice, bad rows reported with their number, column, value and reason."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from phaodai.audit.models import AuditEvent
from phaodai.people.enums import DuplicateStatus, Ethnicity, ResidenceStatus
from phaodai.people.models import DuplicateCandidate, Household, Person
from phaodai.people.services import residents_import_file
from phaodai.people.tests.factories import make_person
from phaodai.sheets.pipeline import ImportMode, run_import
from phaodai.sheets.reading import SheetError
from phaodai.sheets.tests.files import write_csv, write_xlsx

HEADERS: list[Any] = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Thôn",
    "Mã hộ",
    "Quan hệ với chủ hộ",
]
GOOD: list[list[Any]] = [
    ["Giàng A Páo", dt.date(1980, 5, 2), "Nam", "010080000001", "H'Mông", "Ban Pho 1", "BP1-1", "Chủ hộ"],
    ["Giàng Thị Mai", "01/03/1985", "Nữ", "010185000123", "Mông", "Bản Phố 1", "BP1-1", "Vợ"],
    ["Lò Văn Bình", "1990", "nam", "", "Dao đỏ", "Thôn Bản Phố 2", "", ""],
]


def _import(
    tmp_path, rows, actor, unit, *, mode=ImportMode.ALL, name="ds.xlsx", dry_run=False, errors_to=None
):
    path = write_xlsx(tmp_path / name, rows)
    return residents_import_file(
        actor=actor, unit=unit, path=path, mode=mode, dry_run=dry_run, errors_to=errors_to
    )


def _people():
    return sorted(Person.objects.unscoped().values_list("full_name", flat=True))


def test_a_good_list_creates_residents_and_households(tmp_path, commune_leader, units):
    outcome = _import(tmp_path, [HEADERS, *GOOD], commune_leader, units["Xã Bản Phố"])

    assert outcome.line() == "rows=3 created=3 updated=0 skipped=0 errors=0"
    pao = Person.objects.unscoped().get(full_name="Giàng A Páo")
    mai = Person.objects.unscoped().get(full_name="Giàng Thị Mai")
    binh = Person.objects.unscoped().get(full_name="Lò Văn Bình")
    household = Household.objects.unscoped().get()
    assert (household.code, household.unit, household.head) == ("BP1-1", units["Thôn Bản Phố 1"], pao)
    assert (pao.household, mai.household, binh.household) == (household, household, None)
    assert (pao.birth_date, mai.birth_date, binh.birth_date, binh.birth_year) == (
        dt.date(1980, 5, 2),
        dt.date(1985, 3, 1),
        None,
        1990,
    )
    assert (pao.ethnicity, mai.ethnicity, binh.ethnicity) == (Ethnicity.HMONG, Ethnicity.HMONG, Ethnicity.DAO)
    assert (pao.notes, mai.notes) == ("", "Quan hệ với chủ hộ: Vợ")
    assert (pao.name_key, pao.area_path, pao.created_by) == (
        "giang a pao",
        units["Thôn Bản Phố 1"].path,
        commune_leader,
    )
    assert binh.residence_unit == units["Thôn Bản Phố 2"]
    event = AuditEvent.objects.get(event="people.residents_imported")
    assert event.actor == commune_leader
    assert event.area_path == units["Xã Bản Phố"].path
    ids = sorted(Person.objects.unscoped().values_list("pk", flat=True))
    assert {
        k: event.changes[k] for k in ("rows", "created", "updated", "skipped", "errors", "created_ids")
    } == {
        "rows": 3,
        "created": 3,
        "updated": 0,
        "skipped": 0,
        "errors": 0,
        "created_ids": [[ids[0], ids[-1]]],
    }


def test_the_same_file_twice_stores_nothing_the_second_time(tmp_path, commune_leader, units):
    _import(tmp_path, [HEADERS, *GOOD], commune_leader, units["Xã Bản Phố"])

    again = _import(tmp_path, [HEADERS, *GOOD], commune_leader, units["Xã Bản Phố"], name="lai.xlsx")

    assert again.line() == "rows=3 created=0 updated=0 skipped=3 errors=0"
    assert Person.objects.unscoped().count() == 3
    assert Household.objects.unscoped().count() == 1
    assert AuditEvent.objects.filter(event="people.residents_imported").count() == 1


BAD: list[list[Any]] = [
    ["Hoàng Văn Ngày", "31/02/1990", "Nam", "", "Kinh", "Bản Phố 1", "", ""],
    ["Hoàng Văn Mai Sau", "01/01/2090", "Nam", "", "Kinh", "Bản Phố 1", "", ""],
    ["Hoàng Văn Chữ", "01/01/1980", "Nam", "01008000000A", "Kinh", "Bản Phố 1", "", ""],
    ["Hoàng Văn Xa", "01/01/1980", "Nam", "", "Kinh", "Thôn Lùng Phình", "", ""],
    ["Hoàng Văn Lạ", "01/01/1980", "Nam", "", "Tây Ban Nha", "Bản Phố 1", "", ""],
    ["Giàng A Páo", "02/05/1980", "Nam", "010080000001", "Mông", "Bản Phố 1", "", ""],
]
BAD_REPORT = [
    "Ngày sinh “31/02/1990”: Ngày 31/02/1990 không có trên lịch.",
    "Ngày sinh “01/01/2090”: Ngày sinh không được sau ngày hôm nay.",
    "Số CCCD “01008000000A”: Số CCCD/CMND chỉ gồm chữ số.",
    "Thôn “Thôn Lùng Phình”: Không tìm thấy thôn, tổ dân phố “Thôn Lùng Phình” trong Xã Bản Phố.",
    "Dân tộc “Tây Ban Nha”: Dân tộc không có trong danh mục.",
    "Số CCCD “010080000001”: Trùng số CCCD với dòng 2 của tệp.",
]


def test_in_all_or_nothing_mode_one_bad_row_stores_nothing_and_each_is_reported(
    tmp_path, commune_leader, units
):
    report = tmp_path / "loi.xlsx"

    outcome = _import(tmp_path, [HEADERS, *GOOD, *BAD], commune_leader, units["Xã Bản Phố"], errors_to=report)

    assert outcome.line() == "rows=9 created=0 updated=0 skipped=0 errors=6"
    assert Person.objects.unscoped().count() == 0
    assert Household.objects.unscoped().count() == 0
    assert not AuditEvent.objects.exists()
    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["Dòng", *HEADERS, "Lỗi cần sửa"]
    assert [row[0] for row in rows[1:]] == [5, 6, 7, 8, 9, 10]
    assert [row[-1] for row in rows[1:]] == BAD_REPORT
    assert rows[1][1:9] == ["Hoàng Văn Ngày", "31/02/1990", "Nam", "", "Kinh", "Bản Phố 1", "", ""]


def test_in_valid_rows_mode_only_the_good_rows_are_stored(tmp_path, commune_leader, units):
    outcome = _import(
        tmp_path, [HEADERS, *GOOD, *BAD], commune_leader, units["Xã Bản Phố"], mode=ImportMode.VALID
    )

    assert outcome.line() == "rows=9 created=3 updated=0 skipped=0 errors=6"
    assert _people() == ["Giàng A Páo", "Giàng Thị Mai", "Lò Văn Bình"]


def test_a_dry_run_counts_and_stores_nothing(tmp_path, commune_leader, units):
    outcome = _import(tmp_path, [HEADERS, *GOOD], commune_leader, units["Xã Bản Phố"], dry_run=True)

    assert outcome.line() == "rows=3 created=3 updated=0 skipped=0 errors=0"
    assert Person.objects.unscoped().count() == 0


def test_a_stored_resident_is_found_by_national_id_and_updated_with_the_files_values(
    tmp_path, commune_leader, units
):
    stored = make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        full_name="Giàng A Pao",
        birth_year=1980,
        national_id="010080000001",
        phone="0912000111",
    )
    rows: list[list[Any]] = [["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Thôn"]]
    rows.append(["Giàng A Páo", 1980, "Nam", "010080000001", 912000222, "Bản Phố 1"])

    outcome = _import(tmp_path, rows, commune_leader, units["Xã Bản Phố"])

    stored.refresh_from_db()
    assert outcome.line() == "rows=1 created=0 updated=1 skipped=0 errors=0"
    assert (stored.full_name, stored.phone) == ("Giàng A Pao", "0912000222")
    event = AuditEvent.objects.get(event="people.person_updated")
    assert event.changes == {"phone": ["0912000111", "0912000222"]}


def test_a_national_id_registered_in_another_commune_is_an_error(tmp_path, commune_leader, units):
    make_person(
        residence_unit=units["Thôn Lùng Phình"],
        full_name="Lý Văn Khác",
        birth_year=1980,
        national_id="010080000001",
    )
    rows = [["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD"], ["Giàng A Páo", 1980, "Nam", "010080000001"]]

    outcome = _import(tmp_path, rows, commune_leader, units["Thôn Bản Phố 1"])

    assert outcome.line() == "rows=1 created=0 updated=0 skipped=0 errors=1"
    assert [str(e) for e in outcome.failed[0].errors] == [
        "Số CCCD “010080000001”: Số CCCD/CMND 010080000001 đã có trong sổ nhân khẩu, ở một hồ sơ ngoài"
        " địa bàn bạn phụ trách. Mỗi số chỉ thuộc một người: hãy kiểm tra lại số; nếu số đúng, hãy báo"
        " cấp trên để xử lý."
    ]


def test_a_likely_duplicate_is_stored_and_sent_to_the_review_queue(tmp_path, commune_leader, units):
    stored = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo", birth_year=1961, phone="0912000111"
    )
    rows: list[list[Any]] = [["Họ và tên", "Năm sinh", "Giới tính", "Số điện thoại", "Thôn"]]
    rows.append(["Giàng Seo Pao", 1961, "Nam", "0912000111", "Bản Phố 2"])

    outcome = _import(tmp_path, rows, commune_leader, units["Xã Bản Phố"])

    new = Person.objects.unscoped().exclude(pk=stored.pk).get()
    pair = DuplicateCandidate.objects.unscoped().get()
    assert (outcome.created, outcome.review) == (1, 1)
    assert (pair.first, pair.second, pair.status, pair.score) == (stored, new, DuplicateStatus.OPEN, 0.9)
    assert pair.area_path == units["Xã Bản Phố"].path


def test_a_row_repeated_in_the_file_is_an_error_naming_the_first(tmp_path, commune_leader, units):
    rows = [
        ["Họ và tên", "Ngày sinh", "Giới tính"],
        ["Lò Văn Bình", "01/01/1990", "Nam"],
        ["Lo Van Binh", "01/01/1990", "Nam"],
    ]

    outcome = _import(tmp_path, rows, commune_leader, units["Thôn Bản Phố 2"], mode=ImportMode.VALID)

    assert outcome.line() == "rows=2 created=1 updated=0 skipped=0 errors=1"
    assert str(outcome.failed[0].errors[0]) == (
        "Họ và tên “Lo Van Binh”: Trùng họ tên, ngày sinh và thôn với dòng 2 của tệp."
    )


def test_headers_without_diacritics_and_a_csv_from_excel_read_the_same(tmp_path, commune_leader, units):
    rows = [["HO VA TEN", "NGAY SINH", "GIOI TINH", "THON/TO DAN PHO", "TINH TRANG CU TRU", "NOI DANG O"]]
    rows.append(["Vàng Thị Dợ", "05/09/1999", "Nu", "ban pho 2", "Tạm vắng", "KCN Quang Châu, Bắc Giang"])
    path = write_csv(tmp_path / "ds.csv", rows, encoding="utf-16", delimiter="\t")

    outcome = residents_import_file(
        actor=commune_leader, unit=units["Xã Bản Phố"], path=path, mode=ImportMode.ALL
    )

    person = Person.objects.unscoped().get()
    assert outcome.created == 1
    assert (person.residence_status, person.away_location, person.sex) == (
        ResidenceStatus.AWAY,
        "KCN Quang Châu, Bắc Giang",
        "F",
    )


@pytest.mark.parametrize(
    ("_case", "rows", "message"),
    [
        (
            "no name column",
            [["Tên đệm", "Ngày sinh", "Giới tính"], ["Văn", "01/01/1990", "Nam"]],
            "Thiếu cột “Họ và tên”. Các cột có trong tệp: “Tên đệm”, “Ngày sinh”, “Giới tính”.",
        ),
        (
            "no header at all",
            [["Giàng A Páo", "01/01/1990", "Nam"]],
            "Không tìm thấy dòng tiêu đề cột trong 10 dòng đầu. Dòng tiêu đề phải có ít nhất các cột"
            " “Họ và tên”, “Giới tính”.",
        ),
    ],
)
def test_a_wrong_or_missing_header_stops_before_any_row(
    tmp_path, commune_leader, units, _case, rows, message
):
    with pytest.raises(SheetError) as caught:
        _import(tmp_path, rows, commune_leader, units["Xã Bản Phố"])

    assert str(caught.value) == message
    assert Person.objects.unscoped().count() == 0


class _CancelAfter:
    """Progress that asks to stop after ``batches`` batches."""

    def __init__(self, batches):
        self.calls = 0
        self.batches = batches

    def progress(self, done, total=None, message=None):
        return None

    def check_cancelled(self):
        self.calls += 1
        if self.calls > self.batches:
            raise RuntimeError("huỷ")


def _many(count):
    return [
        ["Họ và tên", "Năm sinh", "Giới tính"],
        *[[f"Hoàng Văn Số {n}", 1990, "Nam"] for n in range(count)],
    ]


@pytest.mark.parametrize(
    ("_case", "mode", "stored"), [("all or nothing", ImportMode.ALL, 0), ("valid rows", ImportMode.VALID, 20)]
)
def test_cancelling_half_way_leaves_nothing_or_whole_batches(
    tmp_path, commune_leader, units, _case, mode, stored
):
    from phaodai.people.imports import ResidentImporter

    path = write_xlsx(tmp_path / "ds.xlsx", _many(45))
    importer = ResidentImporter(actor=commune_leader, unit=units["Thôn Bản Phố 1"], mode=str(mode))
    mapping = {"Họ và tên": "full_name", "Năm sinh": "birth_year", "Giới tính": "sex"}

    with pytest.raises(RuntimeError):
        run_import(
            path=path, mapping=mapping, importer=importer, mode=mode, progress=_CancelAfter(2), batch=10
        )

    assert Person.objects.unscoped().count() == stored


def test_the_command_prints_one_line_and_exits_1_when_nothing_was_stored(tmp_path, commune_leader, units):
    path = write_xlsx(tmp_path / "ds.xlsx", [HEADERS, *GOOD, BAD[0]])
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as caught:
        call_command(
            "import_residents", str(path), "--unit", units["Xã Bản Phố"].code, "--user", commune_leader.username,
            "--errors", str(tmp_path / "loi.xlsx"), stdout=out, stderr=err,
        )  # fmt: skip
    call_command(
        "import_residents", str(path), "--unit", units["Xã Bản Phố"].code, "--user", commune_leader.username,
        "--mode", "valid", stdout=out, stderr=err,
    )  # fmt: skip

    assert caught.value.code == 1
    assert (
        out.getvalue()
        == "rows=4 created=0 updated=0 skipped=0 errors=1\nrows=4 created=3 updated=0 skipped=0 errors=1\n"
    )
    assert (tmp_path / "loi.xlsx").is_file()
    assert _people() == ["Giàng A Páo", "Giàng Thị Mai", "Lò Văn Bình"]


def test_a_file_that_is_not_a_spreadsheet_fails_the_command_with_its_reason(tmp_path, commune_leader, units):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(b"MZ" + b"\x00" * 100)
    err = StringIO()

    with pytest.raises(SystemExit) as caught:
        call_command(
            "import_residents",
            str(path),
            "--unit",
            units["Xã Bản Phố"].code,
            "--user",
            commune_leader.username,
            stderr=err,
        )

    assert caught.value.code == 1
    assert err.getvalue() == "Tệp này là một chương trình, không phải bảng tính: không nhận.\n"
