"""Errors found in a row of an uploaded file, and the report the user downloads to fix them.

The report is an .xlsx with the file's own columns, the original row number first and the
reasons last, one row per row with errors: the user corrects the cells in it (or in the
original), and loads it again; a second run never stores a row twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from phaodai.sheets.reading import Cell, as_text
from phaodai.sheets.writing import XlsxSheet


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the file's header ("" for the row as a whole)
    value: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("%(column)s “%(value)s”: %(message)s") % {
                "column": self.column,
                "value": self.value,
                "message": self.message,
            }
        return self.message


@dataclass(frozen=True)
class FailedRow:
    row: int
    cells: Sequence[Cell]
    errors: Sequence[RowError]


def write_error_report(path: Path, *, headers: Sequence[str], rows: Iterable[FailedRow]) -> int:
    """Write the report; returns how many rows it holds."""
    count = 0
    titles = [_("Dòng"), *headers, _("Lỗi cần sửa")]
    with XlsxSheet(path, title=_("Lỗi"), headers=titles, widths=[7, *([18] * len(headers)), 60]) as sheet:
        error_column = len(titles) - 1
        for failed in rows:
            cells = [as_text(c) if c is not None else None for c in failed.cells][: len(headers)]
            cells += [None] * (len(headers) - len(cells))
            sheet.write(
                [failed.row, *cells, "; ".join(str(error) for error in failed.errors)],
                text_columns=frozenset(range(1, len(headers) + 1)),
                error_column=error_column,
            )
            count += 1
    return count
