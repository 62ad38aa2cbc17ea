"""Exporting results (CSV or .xlsx): one audit row and one access-log row with the purpose."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.services import access_record, audit_record
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.jobs import files
from phaodai.labtests.enums import ResultSource, ResultValue, TestKind
from phaodai.labtests.events import RESULTS_EXPORTED
from phaodai.labtests.models import TestResult
from phaodai.sheets.writing import XlsxStream

UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIELDS = (
    "pk",
    "person__full_name",
    "person__birth_year",
    "person__national_id",
    "person__phone",
    "unit__name",
    "kind",
    "sampled_on",
    "result",
    "result_on",
    "ct_value",
    "lab",
    "source",
    "sample__session__place",
)


def _headers() -> list[tuple[str, str, int]]:
    """(title, kind, width) of each column, in the active language."""
    return [
        (_("Mã kết quả"), "number", 10),
        (_("Họ và tên"), "text", 28),
        (_("Năm sinh"), "number", 8),
        (_("Số CCCD/CMND"), "digits", 16),
        (_("Số điện thoại"), "digits", 13),
        (_("Đơn vị"), "text", 20),
        (_("Loại xét nghiệm"), "label", 18),
        (_("Ngày lấy mẫu"), "date", 12),
        (_("Kết quả"), "label", 12),
        (_("Ngày có kết quả"), "date", 12),
        (_("Giá trị Ct"), "number", 8),
        (_("Phòng xét nghiệm"), "text", 20),
        (_("Nguồn"), "label", 16),
        (_("Đợt xét nghiệm"), "text", 24),
    ]


def _values(row: Mapping[str, Any]) -> list[Any]:
    return [
        row["pk"],
        row["person__full_name"],
        row["person__birth_year"],
        row["person__national_id"],
        row["person__phone"],
        row["unit__name"],
        str(TestKind(row["kind"]).label),
        row["sampled_on"],
        str(ResultValue(row["result"]).label),
        row["result_on"],
        float(row["ct_value"]) if row["ct_value"] is not None else None,
        row["lab"],
        str(ResultSource(row["source"]).label),
        row["sample__session__place"] or "",
    ]


def _text(value: Any) -> str:
    text = clean_text(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: QuerySet[TestResult], headers: list[tuple[str, str, int]]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield (UTF8_BOM + writer.writerow([h[0] for h in headers])).encode()
    for row in rows.values(*FIELDS).iterator(chunk_size=2000):
        cells = []
        for (_title, kind, _width), value in zip(headers, _values(row), strict=True):
            if value is None or value == "":
                cells.append("")
            elif kind == "date":
                cells.append(value.strftime("%d/%m/%Y"))
            elif kind == "digits":
                cells.append(f'="{value}"')
            elif kind == "text":
                cells.append(_text(value))
            else:
                cells.append(str(value))
        yield writer.writerow(cells).encode()


def _file_chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(64 * 1024):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


@transaction.atomic
def results_export(
    *,
    actor: User,
    queryset: QuerySet[TestResult],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
) -> tuple[Iterator[bytes], str, str]:
    """The results of ``queryset`` (re-limited to the actor's jurisdiction) as CSV or .xlsx."""
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.EXPORT_TESTS) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất kết quả xét nghiệm."))
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    rows = queryset.filter(jurisdiction.q("area_path")).order_by("-sampled_on", "-pk")
    count = rows.count()
    plain = {key: str(value) for key, value in (filters or {}).items() if value not in ("", None)}
    audit_record(
        actor=actor,
        event=RESULTS_EXPORTED,
        target=None,
        target_type=TestResult._meta.label_lower,
        area_path=jurisdiction.home_path,
        changes={"count": count, "filters": plain, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=channel,
        target_type=TestResult._meta.label_lower,
        area_path=jurisdiction.home_path,
        count=count,
        purpose=purpose,
        details={"filters": plain, "format": fmt},
    )
    headers = _headers()
    filename = f"ket-qua-xet-nghiem-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv_lines(rows, headers), CSV_CONTENT_TYPE, filename
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=files.root())  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    with XlsxStream(
        path, title=_("Kết quả xét nghiệm"), headers=[h[0] for h in headers], widths=[h[2] for h in headers]
    ) as sheet:
        for row in rows.values(*FIELDS).iterator(chunk_size=2000):
            sheet.write_typed(
                [
                    (kind, _text(value) if kind == "text" and value else value)
                    for (_t, kind, _w), value in zip(headers, _values(row), strict=True)
                ]
            )
    return _file_chunks(path), XLSX_CONTENT_TYPE, filename
