"""Exporting residents to a spreadsheet, streamed, with an audit row (PEERS.md §3.3).

Large extracts time out in the peer systems when the file is built in memory. Here
the rows are read in chunks (``QuerySet.iterator``) and written as they go; the
caller hands the iterator to a ``StreamingHttpResponse``.

The CSV is what Excel opens directly on a Vietnamese Windows: UTF-8 with a byte
order mark (without it Excel shows "Nguyá»…n"), Vietnamese column headers, dates as
dd/mm/yyyy. Identity numbers and phones are written as ``="001090012345"`` so Excel
keeps their leading zero instead of showing 1.09E+09. Free text that Excel would read
as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.services import access_record, audit_record
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.jobs import files
from phaodai.people.enums import ChronicCondition, Ethnicity, ResidenceStatus, Sex
from phaodai.people.events import PEOPLE_EXPORTED
from phaodai.people.models import Person
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, UTF8_BOM, XLSX_CONTENT_TYPE
from phaodai.sheets.tables import FORMULA_START as _FORMULA_START
from phaodai.sheets.writing import XlsxStream


def _plain(value: Any) -> Any:
    """A filter value as JSON: records by primary key, anything unusual as text."""
    if isinstance(value, Model):
        return value.pk
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _text(value: str) -> str:
    """Free text as a spreadsheet cell: no invisible or reordering characters (records written
    before inputs were cleaned may hold them), and never read as a formula."""
    value = clean_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _xlsx_value(kind: Kind, value: Any) -> Any:
    """A cell of the .xlsx: free text without invisible or reordering characters, as in CSV (an
    .xlsx cell written as a string is never a formula, so it needs no apostrophe)."""
    return clean_text(value) if kind == Kind.TEXT and isinstance(value, str) else value


def _digits(value: str) -> str:
    return f'="{value}"' if value else ""


class Labels:
    """The choice labels of one export, looked up once in the active language (not once per row)."""

    def __init__(self) -> None:
        self.sex = {code: str(label) for code, label in Sex.choices}
        self.ethnicity = {code: str(label) for code, label in Ethnicity.choices}
        self.status = {code: str(label) for code, label in ResidenceStatus.choices}
        self.condition = {code: str(label) for code, label in ChronicCondition.choices}
        self.yes = str(_("Có"))

    def conditions(self, codes: list[str]) -> str:
        return "; ".join(self.condition.get(code, code) for code in codes or ())


Row = dict[str, Any]


class Kind(StrEnum):
    """How a column's value is written: CSV turns each into text, .xlsx keeps the type."""

    TEXT = "text"  # free text: a leading = + - @ is neutralised in CSV
    DATE = "date"  # dd/mm/yyyy in CSV, an Excel date in .xlsx
    DIGITS = "digits"  # an ID or phone: ="…" in CSV, text in .xlsx (the leading zero stays)
    NUMBER = "number"
    LABEL = "label"  # a choice's label, a yes, a list: plain text from the code


@dataclass(frozen=True)
class ExportColumn:
    """A column: its title, the fields it reads (``values()`` names) and how its value is made."""

    title: Any
    fields: tuple[str, ...]
    value: Callable[[Row, Labels], Any]
    kind: Kind = Kind.LABEL
    width: int = 16


# The resident's unit and its ancestors up to the province, read with the row (LEFT JOINs).
_UNIT_CHAIN = ("residence_unit", *("residence_unit" + "__parent" * n for n in range(1, 4)))
_PLACE = tuple(f"{unit}__{name}" for unit in _UNIT_CHAIN for name in ("name", "level"))


def _place(level: UnitLevel) -> Callable[[Row, Labels], str]:
    def name_at_level(row: Row, _labels: Labels) -> str:
        for unit in _UNIT_CHAIN:
            if row[f"{unit}__level"] == level:
                return str(row[f"{unit}__name"])
        return ""

    return name_at_level


# The one list of what an export holds (CSV and .xlsx alike): a column added here is in both.
COLUMNS: list[ExportColumn] = [
    ExportColumn(gettext_lazy("Mã hồ sơ"), ("uuid",), lambda r, _l: str(r["uuid"]), width=36),
    ExportColumn(gettext_lazy("Họ và tên"), ("full_name",), lambda r, _l: r["full_name"], Kind.TEXT, 24),
    ExportColumn(
        gettext_lazy("Giới tính"), ("sex",), lambda r, labels: labels.sex.get(r["sex"], r["sex"]), width=8
    ),
    ExportColumn(gettext_lazy("Ngày sinh"), ("birth_date",), lambda r, _l: r["birth_date"], Kind.DATE, 11),
    ExportColumn(gettext_lazy("Năm sinh"), ("birth_year",), lambda r, _l: r["birth_year"], Kind.NUMBER, 8),
    ExportColumn(
        gettext_lazy("Số CCCD/CMND"), ("national_id",), lambda r, _l: r["national_id"], Kind.DIGITS, 14
    ),
    ExportColumn(gettext_lazy("Số điện thoại"), ("phone",), lambda r, _l: r["phone"], Kind.DIGITS, 12),
    ExportColumn(
        gettext_lazy("Dân tộc"),
        ("ethnicity",),
        lambda r, labels: labels.ethnicity.get(r["ethnicity"], ""),
        width=10,
    ),
    # Where the resident lives, one column per level: a list of a district or a province has
    # hundreds of "Tổ dân phố số 5" (the 2025 map has no district; an unplaced resident no village).
    ExportColumn(gettext_lazy("Thôn, tổ dân phố"), _PLACE, _place(UnitLevel.VILLAGE), Kind.TEXT, 20),
    ExportColumn(gettext_lazy("Xã, phường, thị trấn"), _PLACE, _place(UnitLevel.COMMUNE), Kind.TEXT, 20),
    ExportColumn(gettext_lazy("Quận, huyện"), _PLACE, _place(UnitLevel.DISTRICT), Kind.TEXT, 18),
    ExportColumn(gettext_lazy("Tỉnh, thành phố"), _PLACE, _place(UnitLevel.PROVINCE), Kind.TEXT, 16),
    ExportColumn(
        gettext_lazy("Mã hộ"), ("household__code",), lambda r, _l: r["household__code"] or "", Kind.TEXT, 10
    ),
    ExportColumn(
        gettext_lazy("Tình trạng cư trú"),
        ("residence_status",),
        lambda r, labels: labels.status.get(r["residence_status"], ""),
        width=14,
    ),
    ExportColumn(
        gettext_lazy("Đang ở đâu"), ("away_location",), lambda r, _l: r["away_location"], Kind.TEXT, 20
    ),
    ExportColumn(
        gettext_lazy("Bệnh nền"),
        ("chronic_conditions",),
        lambda r, labels: labels.conditions(r["chronic_conditions"]),
        width=24,
    ),
    ExportColumn(
        gettext_lazy("Đang mang thai"),
        ("is_pregnant",),
        lambda r, labels: labels.yes if r["is_pregnant"] else "",
        width=8,
    ),
    ExportColumn(
        gettext_lazy("Nguy cơ cao"),
        ("is_high_risk",),
        lambda r, labels: labels.yes if r["is_high_risk"] else "",
        width=8,
    ),
    ExportColumn(gettext_lazy("Ghi chú"), ("notes",), lambda r, _l: r["notes"], Kind.TEXT, 30),
]
_FIELDS = list(dict.fromkeys(field for column in COLUMNS for field in column.fields))


def _rows(queryset: QuerySet[Person]) -> Iterator[Row]:
    """The exported fields of each person as a dict: one query, read in chunks, no model instances."""
    rows: Iterator[Row] = queryset.values(*_FIELDS).iterator(chunk_size=2000)
    return rows


def _csv_cell(column: ExportColumn, row: Row, labels: Labels) -> str:
    value = column.value(row, labels)
    if column.kind == Kind.TEXT:
        return _text(value or "")
    if column.kind == Kind.DIGITS:
        return _digits(value or "")
    if column.kind == Kind.DATE:
        return value.strftime("%d/%m/%Y") if value else ""
    return "" if value is None else str(value)


class _Line:
    """A file-like object whose write() hands the CSV line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(queryset: QuerySet[Person]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    labels = Labels()
    yield (UTF8_BOM + writer.writerow([str(column.title) for column in COLUMNS])).encode()
    for row in _rows(queryset):
        yield writer.writerow([_csv_cell(column, row, labels) for column in COLUMNS]).encode()


def write_xlsx(
    queryset: QuerySet[Person], path: Path, *, progress: Callable[[int], None] | None = None
) -> int:
    """The rows as an .xlsx at ``path``, written in constant memory; returns the row count."""
    kinds = [column.kind for column in COLUMNS]
    labels = Labels()
    count = 0
    with XlsxStream(
        path,
        title=str(_("Nhân khẩu")),
        headers=[str(column.title) for column in COLUMNS],
        widths=[column.width for column in COLUMNS],
    ) as sheet:
        for row in _rows(queryset):
            sheet.write_typed(
                [
                    (kind, _xlsx_value(kind, column.value(row, labels)))
                    for kind, column in zip(kinds, COLUMNS, strict=True)
                ]
            )
            count += 1
            if progress is not None and count % 5000 == 0:
                progress(count)
    return count


def _file_chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(64 * 1024):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


@transaction.atomic
def people_export(
    *,
    actor: User,
    queryset: QuerySet[Person],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
    to: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[Iterator[bytes], str, str]:
    """Rows of ``queryset`` (re-limited to the actor's jurisdiction) as a streamed CSV or an .xlsx.

    Returns ``(content, content_type, filename)``; ``content`` is an iterator of
    bytes (an .xlsx is written in constant memory to a temporary file first, then streamed;
    with ``to`` it is written there and ``content`` is empty: a job's file). Writes one EXPORTED audit row with the count and the filters used, and one
    access-log row with the purpose the actor gave (Decree 13/2023/NĐ-CP).
    """
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.EXPORT_PEOPLE) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách nhân khẩu."))
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    rows = queryset.filter(jurisdiction.q("area_path"))
    count = rows.count()
    plain_filters = {k: _plain(v) for k, v in (filters or {}).items()}
    audit_record(
        actor=actor,
        event=PEOPLE_EXPORTED,
        target=None,
        target_type=Person._meta.label_lower,
        area_path=jurisdiction.home_path,
        changes={"count": count, "filters": plain_filters, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=channel,
        target_type=Person._meta.label_lower,
        area_path=jurisdiction.home_path,
        count=count,
        purpose=purpose,
        details={"filters": plain_filters, "format": fmt},
    )
    filename = f"nhan-khau-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv_lines(rows), CSV_CONTENT_TYPE, filename
    if to is None:
        handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=files.root())  # noqa: SIM115
        handle.close()
        path = Path(handle.name)
        write_xlsx(rows, path)
        return _file_chunks(path), XLSX_CONTENT_TYPE, filename
    write_xlsx(rows, to, progress=progress)
    return iter(()), XLSX_CONTENT_TYPE, filename
