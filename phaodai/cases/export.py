"""Exporting cases to CSV or .xlsx, with an audit row and an access-log row (the purpose given)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterator, Mapping
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
from phaodai.cases.enums import CareSetting, CaseStatus, HowFound, RiskGroup, Severity, VaccinationStatus
from phaodai.cases.events import CASES_EXPORTED
from phaodai.cases.models import Case
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.jobs import files
from phaodai.sheets.writing import XlsxSheet

UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]


def _labels(choices: Any) -> Callable[[Any], str]:
    table = {code: str(label) for code, label in choices}
    return lambda code: table.get(code, "")


# (title, values() field, how the value is shown, kind)
COLUMNS: list[tuple[Any, str, Callable[[Any], Any], str]] = [
    (gettext_lazy("Mã ca"), "pk", lambda v: v, "number"),
    (gettext_lazy("Họ và tên"), "person__full_name", lambda v: v, "text"),
    (gettext_lazy("Năm sinh"), "person__birth_year", lambda v: v, "number"),
    (gettext_lazy("Xã quản lý"), "unit__name", lambda v: v, "text"),
    (gettext_lazy("Ngày khẳng định"), "confirmed_on", lambda v: v, "date"),
    (gettext_lazy("Phát hiện"), "how_found", _labels(HowFound.choices), "label"),
    (gettext_lazy("Rõ nguồn lây"), "source_known", lambda v: str(_("Có")) if v else str(_("Không")), "label"),
    (gettext_lazy("Mức độ"), "severity", _labels(Severity.choices), "label"),
    (gettext_lazy("Nơi điều trị"), "care_setting", _labels(CareSetting.choices), "label"),
    (gettext_lazy("Cơ sở điều trị"), "facility__name", lambda v: v or "", "text"),
    (gettext_lazy("Nhóm nguy cơ"), "risk_group", _labels(RiskGroup.choices), "label"),
    (gettext_lazy("Tiêm chủng"), "vaccination_status", _labels(VaccinationStatus.choices), "label"),
    (gettext_lazy("Có thể kết thúc cách ly từ"), "release_test_on", lambda v: v, "date"),
    (gettext_lazy("Cách ly đến"), "isolation_until", lambda v: v, "date"),
    (gettext_lazy("Tình trạng"), "status", _labels(CaseStatus.choices), "label"),
    (gettext_lazy("Ngày khỏi / tử vong"), "outcome_on", lambda v: v, "date"),
]


def _cell_csv(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "date":
        return str(value.strftime("%d/%m/%Y"))
    text = clean_text(str(value)) if kind == "text" else str(value)
    return "'" + text if kind == "text" and text.startswith(_FORMULA_START) else text


def _rows(queryset: QuerySet[Case]) -> Iterator[Row]:
    rows: Iterator[Row] = queryset.values(*[c[1] for c in COLUMNS]).iterator(chunk_size=2000)
    return rows


def _csv_lines(queryset: QuerySet[Case]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(c[0]) for c in COLUMNS])
    yield (UTF8_BOM + buffer.getvalue()).encode()
    for row in _rows(queryset):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell_csv(kind, show(row[field])) for _t, field, show, kind in COLUMNS])
        yield buffer.getvalue().encode()


def _xlsx(queryset: QuerySet[Case], path: Path) -> None:
    with XlsxSheet(path, title=str(_("Ca bệnh")), headers=[str(c[0]) for c in COLUMNS]) as sheet:
        for row in _rows(queryset):
            sheet.write_typed(
                [
                    (kind, clean_text(v) if kind == "text" and isinstance(v, str) else v)
                    for (_t, field, show, kind) in COLUMNS
                    for v in (show(row[field]),)
                ]
            )


def _chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(64 * 1024):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


@transaction.atomic
def cases_export(
    *,
    actor: User,
    queryset: QuerySet[Case],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
) -> tuple[Iterator[bytes], str, str]:
    """The cases of ``queryset`` (re-limited to the actor's jurisdiction) as CSV or .xlsx:
    ``(content, content_type, filename)``; one EXPORTED audit row and one access-log row."""
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.EXPORT_CASES) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách ca bệnh."))
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    if not purpose.strip():
        raise ValidationError({"purpose": [_("Hãy ghi mục đích xuất danh sách.")]})
    rows = queryset.filter(jurisdiction.q("area_path")).order_by("confirmed_on", "pk")
    count = rows.count()
    plain = {
        k: (v.pk if hasattr(v, "pk") else v if isinstance(v, (str, int, bool)) or v is None else str(v))
        for k, v in (filters or {}).items()
    }
    audit_record(
        actor=actor,
        event=CASES_EXPORTED,
        target=None,
        target_type=Case._meta.label_lower,
        area_path=jurisdiction.home_path,
        changes={"count": count, "filters": plain, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=channel,
        target_type=Case._meta.label_lower,
        area_path=jurisdiction.home_path,
        count=count,
        purpose=purpose,
        details={"filters": plain, "format": fmt},
    )
    filename = f"ca-benh-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv_lines(rows), CSV_CONTENT_TYPE, filename
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=files.root())  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    _xlsx(rows, path)
    return _chunks(path), XLSX_CONTENT_TYPE, filename
