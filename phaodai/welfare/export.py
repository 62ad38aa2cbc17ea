"""Exporting the vulnerable households through the platform's list exporter
(``sheets.tables.table_export``).

Like ``people.export``: UTF-8 with a BOM, Vietnamese headers, dates dd/mm/yyyy, free text never
read as a formula; one audit row (count, filters) and one access-log row with the purpose given
(the list names households and their hardship: personal data).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, XLSX_CONTENT_TYPE, TableColumn, table_export
from phaodai.welfare.events import WELFARE_EXPORTED
from phaodai.welfare.models import VulnerableHousehold

__all__ = ["COLUMNS", "CSV_CONTENT_TYPE", "FORMATS", "XLSX_CONTENT_TYPE", "welfare_export"]


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def _head(record: VulnerableHousehold) -> str:
    head = record.household.head
    return head.full_name if head is not None else ""


COLUMNS: list[TableColumn] = [
    TableColumn(gettext_lazy("Mã hộ"), lambda r: r.household.code, "text", 12),
    TableColumn(gettext_lazy("Chủ hộ"), _head, "text", 22),
    TableColumn(gettext_lazy("Địa chỉ"), lambda r: r.household.address, "text", 28),
    TableColumn(gettext_lazy("Thôn, tổ dân phố"), lambda r: r.unit.name, "text", 18),
    TableColumn(gettext_lazy("Diện khó khăn"), lambda r: "; ".join(r.vulnerability_labels()), width=30),
    TableColumn(gettext_lazy("Nhu cầu"), lambda r: r.needs, "text", 30),
    TableColumn(
        gettext_lazy("Lần hỗ trợ gần nhất"), lambda r: _date(getattr(r, "last_delivered_on", None)), width=14
    ),
    TableColumn(
        gettext_lazy("Đã được hỗ trợ tuần này"),
        lambda r: str(_("Có")) if getattr(r, "reached_this_week", False) else "",
        width=10,
    ),
]


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
    rows = queryset.filter(jurisdiction.q("area_path"))
    return table_export(
        actor=actor,
        rows=rows,
        columns=COLUMNS,
        fmt=fmt,
        event=WELFARE_EXPORTED,
        target_type=VulnerableHousehold._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=str(_("Hộ khó khăn")),
        filename_stem="ho-kho-khan",
        filters={key: str(value) for key, value in (filters or {}).items() if value not in ("", None, False)},
        purpose=purpose,
    )
