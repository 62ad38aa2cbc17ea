"""Writing .xlsx files row by row in constant memory (xlsxwriter), with Vietnamese headers.

``XlsxSheet`` writes a header row (bold, frozen, filtered) and then rows whose cells keep their
type: dates as Excel dates (dd/mm/yyyy), numbers as numbers, identity numbers and phones as text
(their leading zero stays). Memory stays flat whatever the row count: xlsxwriter's
``constant_memory`` flushes each row to a temporary file as it is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import xlsxwriter


class XlsxSheet:
    def __init__(
        self, path: Path, *, title: str, headers: Sequence[str], widths: Sequence[int] | None = None
    ) -> None:
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": str(path.parent),
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.sheet = self.book.add_worksheet(title[:31])
        self.bold = self.book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.text = self.book.add_format({"num_format": "@"})
        self.wrap = self.book.add_format({"text_wrap": True, "font_color": "#9B1C1C"})
        for index, width in enumerate(widths or [18] * len(headers)):
            self.sheet.set_column(index, index, width)
        self.sheet.freeze_panes(1, 0)
        for index, header in enumerate(headers):
            self.sheet.write_string(0, index, str(header), self.bold)
        self.sheet.autofilter(0, 0, 0, max(len(headers) - 1, 0))
        self.row = 1

    def write(
        self,
        cells: Sequence[Any],
        *,
        text_columns: frozenset[int] = frozenset(),
        error_column: int | None = None,
    ) -> None:
        for index, value in enumerate(cells):
            if value is None or value == "":
                continue
            if index == error_column:
                self.sheet.write_string(self.row, index, str(value), self.wrap)
            elif isinstance(value, dt.datetime):
                self.sheet.write_datetime(self.row, index, value.replace(tzinfo=None), self.date)
            elif isinstance(value, dt.date):
                self.sheet.write_datetime(self.row, index, dt.datetime.combine(value, dt.time()), self.date)
            elif isinstance(value, bool):
                self.sheet.write_boolean(self.row, index, value)
            elif isinstance(value, (int, float)) and index not in text_columns:
                self.sheet.write_number(self.row, index, value)
            else:
                self.sheet.write_string(
                    self.row, index, str(value), self.text if index in text_columns else None
                )
        self.row += 1

    def close(self) -> None:
        self.book.close()

    def __enter__(self) -> XlsxSheet:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
