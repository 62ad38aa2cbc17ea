"""Reading spreadsheets people upload: checked by content first, then read row by row.

``inspect(path)`` looks at the bytes, never the name: an .xlsx is a zip holding an Excel
workbook (a renamed program, an old .xls, any other zip is refused), its entries may not unpack
to more than ``PHAODAI_IMPORT_MAX_UNPACKED`` bytes or at a ratio no spreadsheet has (a zip
bomb); a CSV is UTF-8 (with or without the byte-order mark) or UTF-16 as Excel's "Unicode
text" saves it; anything else (Windows-1258, TCVN3) is refused with how to save it properly.
Files over ``PHAODAI_IMPORT_MAX_BYTES`` are refused before they are opened. Every refusal is a
``SheetError`` with a Vietnamese message for the user.

``read(path)`` then yields ``(row number, cells)`` as Excel numbers rows (the first row is 1),
with .xlsx read by python-calamine (Rust, fast) and CSV by the csv module.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

# No real workbook compresses better than this (long runs of one character reach about 100).
_MAX_RATIO = 200
_MAX_ENTRIES = 10_000


class SheetError(Exception):
    """A file refused, with the message to show (in Vietnamese)."""


@dataclass(frozen=True)
class FileFacts:
    kind: str  # "xlsx" or "csv"
    encoding: str = ""  # of a CSV
    delimiter: str = ","


def _looks_like(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"MZ"):
        return "exe"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith((b"\x7fELF", b"#!")):
        return "exe"
    if head.startswith(b"%PDF"):
        return "pdf"
    return "text"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise SheetError(_("Tệp nén này không phải bảng tính Excel (.xlsx)."))
            if len(entries) > _MAX_ENTRIES:
                raise SheetError(_("Tệp Excel có quá nhiều thành phần; không mở."))
            unpacked = 0
            for entry in entries:
                unpacked += entry.file_size
                ratio = entry.file_size / max(entry.compress_size, 1)
                if unpacked > settings.PHAODAI_IMPORT_MAX_UNPACKED or (
                    entry.file_size > 1_000_000 and ratio > _MAX_RATIO
                ):
                    raise SheetError(
                        _(
                            "Tệp Excel này khi giải nén lớn bất thường (có thể là “bom nén”), nên không"
                            " được mở. Hãy lưu lại bảng tính từ Excel rồi tải lên lần nữa."
                        )
                    )
    except zipfile.BadZipFile as error:
        raise SheetError(_("Tệp Excel bị hỏng, không đọc được.")) from error


def _csv_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def inspect(path: Path) -> FileFacts:
    """What the file is, from its content; ``SheetError`` for anything that is not a spreadsheet."""
    size = path.stat().st_size
    if size == 0:
        raise SheetError(_("Tệp rỗng: không có dòng nào."))
    if size > settings.PHAODAI_IMPORT_MAX_BYTES:
        raise SheetError(
            _("Tệp quá lớn (%(size)d MB); giới hạn là %(limit)d MB. Hãy chia thành nhiều tệp.")
            % {"size": size // 1_000_000, "limit": settings.PHAODAI_IMPORT_MAX_BYTES // 1_000_000}
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = _looks_like(head)
    if kind == "exe":
        raise SheetError(_("Tệp này là một chương trình, không phải bảng tính: không nhận."))
    if kind == "ole":
        raise SheetError(
            _("Đây là tệp Excel cũ (.xls). Hãy mở bằng Excel, chọn Lưu thành → “Excel Workbook (.xlsx)”.")
        )
    if kind == "pdf":
        raise SheetError(_("Đây là tệp PDF, không phải bảng tính. Hãy tải lên tệp .xlsx hoặc .csv."))
    if kind == "zip":
        _check_zip(path)
        return FileFacts(kind="xlsx")
    encoding = _csv_encoding(head)
    try:
        with path.open("r", encoding=encoding, newline="") as text:
            sample = text.read(65536)
            while text.read(1 << 20):
                pass  # the whole file must decode, not only its beginning
    except UnicodeDecodeError as error:
        raise SheetError(
            _(
                "Tệp CSV không ở bảng mã UTF-8 (có thể là Windows-1258 hoặc TCVN3), nên chữ có dấu sẽ"
                " bị sai. Trong Excel hãy chọn Lưu thành → “CSV UTF-8 (phân tách bằng dấu phẩy)”."
            )
        ) from error
    if "\x00" in sample:
        raise SheetError(_("Tệp này không phải bảng tính (.xlsx hoặc .csv)."))
    if not sample.strip():
        raise SheetError(_("Tệp rỗng: không có dòng nào."))
    first_line = sample.lstrip("\ufeff").splitlines()[0] if sample.strip() else ""
    delimiter = max(("\t", ";", ","), key=first_line.count) if first_line else ","
    return FileFacts(
        kind="csv", encoding=encoding, delimiter=delimiter if first_line.count(delimiter) else ","
    )


def _cell(value: Any) -> Cell:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value  # type: ignore[no-any-return]


def read(path: Path, facts: FileFacts) -> Iterator[tuple[int, list[Cell]]]:
    """``(row number, cells)`` for every row of the first sheet, empty rows left out."""
    if facts.kind == "xlsx":
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            sheet = workbook.get_sheet_by_index(0)
            rows: Any = sheet.iter_rows()
        except Exception as error:  # calamine raises its own error types for broken workbooks
            raise SheetError(_("Tệp Excel bị hỏng, không đọc được.")) from error
        for number, row in enumerate(rows, start=1):
            cells = [_cell(value) for value in row]
            if any(cell is not None for cell in cells):
                yield number, cells
        return
    with path.open("r", encoding=facts.encoding, newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter=facts.delimiter), start=1):
            cells = [_cell(value) for value in row]
            if number == 1 and cells and isinstance(cells[0], str):
                cells[0] = cells[0].lstrip("\ufeff") or None
            if any(cell is not None for cell in cells):
                yield number, cells


def save_upload(chunks: Iterator[bytes], destination: Path) -> int:
    """Write an upload to disk, stopping at the size limit; returns the size written."""
    written = 0
    with destination.open("wb") as out:
        for chunk in chunks:
            written += len(chunk)
            if written > settings.PHAODAI_IMPORT_MAX_BYTES:
                out.close()
                destination.unlink(missing_ok=True)
                raise SheetError(
                    _("Tệp quá lớn; giới hạn là %(limit)d MB. Hãy chia thành nhiều tệp.")
                    % {"limit": settings.PHAODAI_IMPORT_MAX_BYTES // 1_000_000}
                )
            out.write(chunk)
    return written


def as_text(value: Cell) -> str:
    """A cell as the text a person sees (numbers without a trailing .0: a CCCD read as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
        )
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
