"""Exporting the request list through the platform's writers (CSV for Excel, streamed .xlsx).

Like ``people.export``: UTF-8 with a BOM, Vietnamese headers, dates dd/mm/yyyy, phones kept
as text, free text never read as a formula; one audit row (count, filters) and one access-log
row with the purpose given (the list holds residents' names and phones).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.services import access_record, audit_record
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.jobs import files
from phaodai.requests_desk.events import REQUESTS_EXPORTED
from phaodai.requests_desk.models import ResidentRequest
from phaodai.sheets.writing import XlsxStream

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: Any
    value: Callable[[ResidentRequest], Any]
    kind: str = "label"  # "text" (free text), "digits", "date", "number", "label"
    width: int = 16


def _local(value: Any) -> Any:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value is not None else ""


def _hours(request: ResidentRequest) -> Any:
    spent = request.time_to_resolve
    return round(spent.total_seconds() / 3600, 1) if spent is not None else None


COLUMNS: list[Column] = [
    Column(gettext_lazy("Mã biên nhận"), lambda r: r.receipt_display, width=11),
    Column(gettext_lazy("Tiếp nhận lúc"), lambda r: _local(r.received_at), width=16),
    Column(gettext_lazy("Kênh"), lambda r: r.get_channel_display(), width=18),
    Column(gettext_lazy("Loại yêu cầu"), lambda r: r.get_category_display(), width=20),
    Column(gettext_lazy("Mức độ"), lambda r: r.get_urgency_display(), width=10),
    Column(gettext_lazy("Tình trạng"), lambda r: r.get_status_display(), width=16),
    Column(gettext_lazy("Thôn/xã"), lambda r: r.unit.name, "text", 18),
    Column(gettext_lazy("Người yêu cầu"), lambda r: r.requester_name, "text", 22),
    Column(gettext_lazy("Số điện thoại"), lambda r: r.requester_phone, "digits", 12),
    Column(gettext_lazy("Nội dung"), lambda r: r.description, "text", 40),
    Column(
        gettext_lazy("Người xử lý"),
        lambda r: (r.assigned_to.get_full_name() or r.assigned_to.username) if r.assigned_to else "",
        "text",
        18,
    ),
    Column(gettext_lazy("Kết quả giải quyết"), lambda r: r.resolution, "text", 40),
    Column(gettext_lazy("Đóng lúc"), lambda r: _local(r.resolved_at), width=16),
    Column(gettext_lazy("Số giờ giải quyết"), _hours, "number", 10),
]


def _csv_cell(column: Column, request: ResidentRequest) -> str:
    value = column.value(request)
    if value is None:
        return ""
    if column.kind == "text":
        text = clean_text(str(value))
        return "'" + text if text.startswith(_FORMULA_START) else text
    if column.kind == "digits":
        return f'="{value}"' if value else ""
    return str(value)


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv_lines(queryset: QuerySet[ResidentRequest]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([str(column.title) for column in COLUMNS])).encode()
    for request in queryset.iterator(chunk_size=1000):
        yield writer.writerow([_csv_cell(column, request) for column in COLUMNS]).encode()


def _xlsx(queryset: QuerySet[ResidentRequest]) -> Iterator[bytes]:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=files.root())  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    with XlsxStream(
        path,
        title=str(_("Yêu cầu của người dân")),
        headers=[str(column.title) for column in COLUMNS],
        widths=[column.width for column in COLUMNS],
    ) as sheet:
        for request in queryset.iterator(chunk_size=1000):
            cells = []
            for column in COLUMNS:
                value = column.value(request)
                cells.append((column.kind, clean_text(value) if isinstance(value, str) else value))
            sheet.write_typed(cells)
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(64 * 1024):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


@transaction.atomic
def requests_export(
    *,
    actor: User,
    queryset: QuerySet[ResidentRequest],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
) -> tuple[Iterator[bytes], str, str]:
    """The requests of ``queryset`` (re-limited to the actor's jurisdiction) as CSV or .xlsx."""
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.EXPORT_PEOPLE) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách."))
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    rows = queryset.filter(jurisdiction.q("area_path"))
    count = rows.count()
    plain = {key: str(value) for key, value in (filters or {}).items() if value not in ("", None, False)}
    audit_record(
        actor=actor,
        event=REQUESTS_EXPORTED,
        target=None,
        target_type=ResidentRequest._meta.label_lower,
        area_path=jurisdiction.home_path,
        changes={"count": count, "filters": plain, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=AccessChannel.PAGE,
        target_type=ResidentRequest._meta.label_lower,
        area_path=jurisdiction.home_path,
        count=count,
        purpose=purpose,
        details={"filters": plain, "format": fmt},
    )
    filename = f"yeu-cau-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv_lines(rows), CSV_CONTENT_TYPE, filename
    return _xlsx(rows), XLSX_CONTENT_TYPE, filename
