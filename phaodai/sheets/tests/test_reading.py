"""Files are judged by their content before anything is parsed; each refusal says why in Vietnamese."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phaodai.sheets.columns import Column, auto_mapping, find_header, signature
from phaodai.sheets.reading import SheetError, as_text, inspect, read
from phaodai.sheets.tests.files import write_csv, write_xlsx, write_zip_bomb

ROWS = [["Họ và tên", "Ngày sinh", "Giới tính"], ["Giàng Seo Páo", "05/09/1980", "Nam"]]


def _refused(path) -> str:
    with pytest.raises(SheetError) as caught:
        inspect(path)
    return str(caught.value)


def test_an_xlsx_is_read_with_its_dates_as_dates(tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx", [["Họ và tên", "Ngày sinh"], ["Giàng Seo Páo", dt.date(1980, 9, 5)]]
    )

    facts = inspect(path)
    rows = list(read(path, facts))

    assert facts.kind == "xlsx"
    assert rows == [(1, ["Họ và tên", "Ngày sinh"]), (2, ["Giàng Seo Páo", dt.date(1980, 9, 5)])]


@pytest.mark.parametrize(
    ("_case", "encoding", "delimiter"),
    [
        ("utf-8 with BOM", "utf-8-sig", ","),
        ("utf-8 without BOM", "utf-8", ","),
        ("utf-16 as Excel's Unicode text saves it", "utf-16", "\t"),
        ("semicolons", "utf-8", ";"),
    ],
)
def test_a_csv_in_an_accepted_encoding_reads_the_same(tmp_path, _case, encoding, delimiter):
    path = write_csv(tmp_path / "a.csv", ROWS, encoding=encoding, delimiter=delimiter)

    rows = list(read(path, inspect(path)))

    assert rows == [(1, ["Họ và tên", "Ngày sinh", "Giới tính"]), (2, ["Giàng Seo Páo", "05/09/1980", "Nam"])]


def test_a_csv_in_windows_1258_is_refused_with_how_to_save_it(tmp_path):
    path = tmp_path / "a.csv"
    # Windows-1258 writes a base letter and a combining tone mark ("Đức" = Đ ư ́ c).
    text = "Ho\u0323 va\u0300 t\u00ean,Gi\u01a1\u0301i ti\u0301nh\nV\u0103n \u0110\u01b0\u0301c,Nam\n"
    path.write_bytes(text.encode("cp1258"))

    assert _refused(path) == (
        "Tệp CSV không ở bảng mã UTF-8 (có thể là Windows-1258 hoặc TCVN3), nên chữ có dấu sẽ bị sai."
        " Trong Excel hãy chọn Lưu thành → “CSV UTF-8 (phân tách bằng dấu phẩy)”."
    )


def test_a_program_renamed_to_xlsx_is_refused(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 200)

    assert _refused(path) == "Tệp này là một chương trình, không phải bảng tính: không nhận."


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")

    assert _refused(path) == "Tệp rỗng: không có dòng nào."


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, settings):
    settings.PHAODAI_IMPORT_MAX_UNPACKED = 50 * 1024 * 1024
    path = write_zip_bomb(tmp_path / "bom.xlsx", megabytes=60)

    assert path.stat().st_size < 200_000
    assert _refused(path) == (
        "Tệp Excel này khi giải nén lớn bất thường (có thể là “bom nén”), nên không được mở."
        " Hãy lưu lại bảng tính từ Excel rồi tải lên lần nữa."
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(tmp_path, settings):
    settings.PHAODAI_IMPORT_MAX_BYTES = 1_000_000
    path = tmp_path / "lon.csv"
    path.write_bytes(b"a,b\n" * 300_000)

    assert _refused(path) == "Tệp quá lớn (1 MB); giới hạn là 1 MB. Hãy chia thành nhiều tệp."


def test_a_zip_that_is_not_a_workbook_and_an_old_xls_are_refused(tmp_path):
    import zipfile

    other = tmp_path / "anh.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("anh.jpg", b"\xff\xd8")
    old = tmp_path / "cu.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)

    assert _refused(other) == "Tệp nén này không phải bảng tính Excel (.xlsx)."
    assert _refused(old) == (
        "Đây là tệp Excel cũ (.xls). Hãy mở bằng Excel, chọn Lưu thành → “Excel Workbook (.xlsx)”."
    )


COLUMNS = (
    Column("full_name", "Họ và tên", ("họ tên",), required=True),
    Column("sex", "Giới tính", ("gt",)),
    Column("national_id", "Số CCCD", ("cccd", "số cmnd")),
)


def test_headers_match_with_or_without_diacritics_each_field_once():
    headers = ["STT", "HO VA TEN", "gioi tinh", "Số CMND", "Họ tên"]

    assert auto_mapping(headers, COLUMNS) == {
        "HO VA TEN": "full_name",
        "gioi tinh": "sex",
        "Số CMND": "national_id",
    }


def test_the_header_row_is_found_under_a_title():
    rows: list[tuple[int, list[Any]]] = [
        (1, ["DANH SÁCH NHÂN KHẨU THÔN BẢN PHỐ 1", None]),
        (3, ["Họ và tên", "Giới tính"]),
        (4, ["A", "Nam"]),
    ]

    assert find_header(iter(rows), COLUMNS) == (3, ["Họ và tên", "Giới tính"])
    assert signature(["Họ và tên", "Giới tính"]) == signature(["HO VA TEN", "gioi  tinh"])


def test_numbers_read_as_text_without_a_trailing_zero():
    cell_time = dt.datetime(1990, 1, 2)  # noqa: DTZ001 - a spreadsheet cell has no time zone
    assert [as_text(10080000001.0), as_text(2.5), as_text(cell_time), as_text(None)] == [
        "10080000001",
        "2.5",
        "02/01/1990",
        "",
    ]
