"""Exporting compliance (per unit, per office holder) as .xlsx or CSV, with an audit row.

The figures are the ones the compliance page shows (``selectors.compliance_by_unit`` and
``compliance_by_office_holder``), written the way the people export writes its files (UTF-8 CSV
with a byte order mark for Excel; .xlsx through ``sheets.writing.XlsxStream``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction
from phaodai.directives.events import COMPLIANCE_EXPORTED
from phaodai.directives.models import Directive, Task
from phaodai.directives.selectors import ComplianceRow, compliance_by_office_holder, compliance_by_unit
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, FORMULA_START, XLSX_CONTENT_TYPE
from phaodai.sheets.writing import XlsxStream

__all__ = ["CSV_CONTENT_TYPE", "FORMATS", "XLSX_CONTENT_TYPE", "compliance_export"]


def _headers() -> list[str]:
    return [
        _("Hạng"),
        _("Đơn vị / người đứng đầu"),
        _("Tổng số nhiệm vụ"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành trễ hạn"),
        _("Chưa hoàn thành"),
        _("Quá hạn chưa hoàn thành"),
        _("Chưa tiếp nhận"),
        _("Tỷ lệ đúng hạn (%)"),
    ]


def _cells(rank: str, row: ComplianceRow) -> list[tuple[str, Any]]:
    return [
        ("text", rank),
        ("text", row.label),
        ("number", row.total),
        ("number", row.on_time),
        ("number", row.late),
        ("number", row.open),
        ("number", row.overdue),
        ("number", row.not_acknowledged),
        ("number", row.on_time_percent if row.on_time_percent is not None else ""),
    ]


def _lines(
    unit: AdminUnit,
    on: dt.date,
    by_unit: list[ComplianceRow],
    total: ComplianceRow,
    holders: list[ComplianceRow],
) -> list[list[tuple[str, Any]]]:
    rows: list[list[tuple[str, Any]]] = [
        [("text", ""), ("text", _("Theo đơn vị, tính đến %(day)s") % {"day": f"{on:%d/%m/%Y}"})]
    ]
    rows += [_cells("", row) for row in by_unit]
    rows.append(
        _cells(
            "",
            ComplianceRow(
                label=_("Tổng %(unit)s") % {"unit": unit.name},
                unit=unit,
                **{
                    k: getattr(total, k)
                    for k in ("total", "on_time", "late", "open", "overdue", "not_acknowledged")
                },
            ),
        )
    )
    rows.append([("text", ""), ("text", _("Xếp hạng người đứng đầu (phục vụ kiểm điểm, khen thưởng)"))])
    rows += [_cells(str(number), row) for number, row in enumerate(holders, start=1)]
    return rows


@transaction.atomic
def compliance_export(
    *, actor: User, unit: AdminUnit, on: dt.date, directive: Directive | None = None, fmt: str = "xlsx"
) -> tuple[bytes, str, str]:
    """The compliance of ``unit`` as of ``on`` as a file: ``(content, content_type, filename)``."""
    require(actor, Capability.VIEW_DIRECTIVES)
    require_in_jurisdiction(actor, unit.path)
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    table = compliance_by_unit(user=actor, unit=unit, on=on, directive=directive)
    holders = compliance_by_office_holder(user=actor, unit=unit, on=on, directive=directive)
    lines = _lines(unit, on, list(table), table.total, holders)
    audit_record(
        actor=actor,
        event=COMPLIANCE_EXPORTED,
        target=None,
        target_type=Task._meta.label_lower,
        area_path=unit.path,
        changes={
            "unit": unit.pk,
            "on": on.isoformat(),
            "directive": directive.pk if directive else None,
            "format": fmt,
        },
        params={"n": len(table)},
    )
    filename = f"ket-qua-thuc-hien-nhiem-vu-{on:%Y%m%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_headers())
        for line in lines:
            writer.writerow([_csv(kind, value) for kind, value in line])
        return ("\ufeff" + buffer.getvalue()).encode(), CSV_CONTENT_TYPE, filename
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "compliance.xlsx"
        with XlsxStream(
            path, title=_("Kết quả thực hiện"), headers=_headers(), widths=[6, 48, 10, 10, 10, 10, 10, 10, 10]
        ) as sheet:
            for line in lines:
                sheet.write_typed(line)
        return path.read_bytes(), XLSX_CONTENT_TYPE, filename


def _csv(kind: str, value: Any) -> str:
    text = "" if value is None else str(value)
    if kind == "text" and text.startswith(FORMULA_START):
        return "'" + text
    return text
