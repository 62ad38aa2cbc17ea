"""Builders of the files people upload: .xlsx (xlsxwriter), CSV in a chosen encoding, and bad ones."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title_rows: Sequence[str] = ()) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    offset = 0
    for offset, title in enumerate(title_rows, start=1):
        sheet.write_string(offset - 1, 0, title)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r + offset, c, dt.datetime.combine(value, dt.time()), date)
            elif value is not None:
                sheet.write(r + offset, c, value)
    book.close()
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_zip_bomb(path: Path, *, megabytes: int) -> Path:
    """A zip that looks like a workbook and unpacks to ``megabytes`` of zeros (a few kB packed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            block = b"\0" * (1 << 20)
            for _ in range(megabytes):
                entry.write(block)
    return path
