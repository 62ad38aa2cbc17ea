"""Exporting the vulnerable households through the platform's writers (CSV for Excel, streamed .xlsx).

Like ``people.export``: UTF-8 with a BOM, Vietnamese headers, dates dd/mm/yyyy, free text never
read as a formula; one audit row (count, filters) and one access-log row with the purpose given
(the list names households and their hardship: personal data).
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
from phaodai.sheets.writing import XlsxStream
from phaodai.welfare.events import WELFARE_EXPORTED
from phaodai.welfare.models import VulnerableHousehold

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: Any
    value: Callable[[VulnerableHousehold], Any]
    kind: str = "label"  # "text" (free text), "digits", "date", "number", "label"
    width: int = 16


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def _head(record: VulnerableHousehold) -> str:
    head = record.household.head
    return head.full_name if head is not None else ""


COLUMNS: list[Column] = [
    Column(gettext_lazy("Mã hộ"), lambda r: r.household.code, "text", 12),
    Column(gettext_lazy("Chủ hộ"), _head, "text", 22),
    Column(gettext_lazy("Địa chỉ"), lambda r: r.household.address, "text", 28),
    Column(gettext_lazy("Thôn, tổ dân phố"), lambda r: r.unit.name, "text", 18),
    Column(gettext_lazy("Diện khó khăn"), lambda r: "; ".join(r.vulnerability_labels()), width=30),
    Column(gettext_lazy("Nhu cầu"), lambda r: r.needs, "text", 30),
    Column(
        gettext_lazy("Lần hỗ trợ gần nhất"), lambda r: _date(getattr(r, "last_delivered_on", None)), width=14
    ),
    Column(
        gettext_lazy("Đã được hỗ trợ tuần này"),
        lambda r: str(_("Có")) if getattr(r, "reached_this_week", False) else "",
        width=10,
    ),
]


def _csv_cell(column: Column, request: VulnerableHousehold) -> str:
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


def _csv_lines(queryset: QuerySet[VulnerableHousehold]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([str(column.title) for column in COLUMNS])).encode()
    for request in queryset.iterator(chunk_size=1000):
        yield writer.writerow([_csv_cell(column, request) for column in COLUMNS]).encode()


def _xlsx(queryset: QuerySet[VulnerableHousehold]) -> Iterator[bytes]:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=files.root())  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    with XlsxStream(
        path,
        title=str(_("Hộ khó khăn")),
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
def welfare_export(
    *,
    actor: User,
    queryset: QuerySet[VulnerableHousehold],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
) -> tuple[Iterator[bytes], str, str]:
    """The vulnerable households of ``queryset`` (re-limited to the actor's jurisdiction) as CSV or .xlsx."""
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
        event=WELFARE_EXPORTED,
        target=None,
        target_type=VulnerableHousehold._meta.label_lower,
        area_path=jurisdiction.home_path,
        changes={"count": count, "filters": plain, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=AccessChannel.PAGE,
        target_type=VulnerableHousehold._meta.label_lower,
        area_path=jurisdiction.home_path,
        count=count,
        purpose=purpose,
        details={"filters": plain, "format": fmt},
    )
    filename = f"ho-kho-khan-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv_lines(rows), CSV_CONTENT_TYPE, filename
    return _xlsx(rows), XLSX_CONTENT_TYPE, filename
