"""Exporting the request list through the platform's list exporter (``sheets.tables.table_export``).

Like ``people.export``: UTF-8 with a BOM, Vietnamese headers, dates dd/mm/yyyy, phones kept
as text, free text never read as a formula; one audit row (count, filters) and one access-log
row with the purpose given (the list holds residents' names and phones).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.requests_desk.events import REQUESTS_EXPORTED
from phaodai.requests_desk.models import ResidentRequest
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, XLSX_CONTENT_TYPE, TableColumn, table_export

__all__ = ["COLUMNS", "CSV_CONTENT_TYPE", "FORMATS", "XLSX_CONTENT_TYPE", "requests_export"]


def _local(value: Any) -> Any:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value is not None else ""


def _hours(request: ResidentRequest) -> Any:
    spent = request.time_to_resolve
    return round(spent.total_seconds() / 3600, 1) if spent is not None else None


COLUMNS: list[TableColumn] = [
    TableColumn(gettext_lazy("Mã biên nhận"), lambda r: r.receipt_display, width=11),
    TableColumn(gettext_lazy("Tiếp nhận lúc"), lambda r: _local(r.received_at), width=16),
    TableColumn(gettext_lazy("Kênh"), lambda r: r.get_channel_display(), width=18),
    TableColumn(gettext_lazy("Loại yêu cầu"), lambda r: r.get_category_display(), width=20),
    TableColumn(gettext_lazy("Mức độ"), lambda r: r.get_urgency_display(), width=10),
    TableColumn(gettext_lazy("Tình trạng"), lambda r: r.get_status_display(), width=16),
    TableColumn(gettext_lazy("Thôn/xã"), lambda r: r.unit.name, "text", 18),
    TableColumn(gettext_lazy("Người yêu cầu"), lambda r: r.requester_name, "text", 22),
    TableColumn(gettext_lazy("Số điện thoại"), lambda r: r.requester_phone, "digits", 12),
    TableColumn(gettext_lazy("Nội dung"), lambda r: r.description, "text", 40),
    TableColumn(
        gettext_lazy("Người xử lý"),
        lambda r: (r.assigned_to.get_full_name() or r.assigned_to.username) if r.assigned_to else "",
        "text",
        18,
    ),
    TableColumn(gettext_lazy("Kết quả giải quyết"), lambda r: r.resolution, "text", 40),
    TableColumn(gettext_lazy("Đóng lúc"), lambda r: _local(r.resolved_at), width=16),
    TableColumn(gettext_lazy("Số giờ giải quyết"), _hours, "number", 10),
]


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
    rows = queryset.filter(jurisdiction.q("area_path"))
    return table_export(
        actor=actor,
        rows=rows,
        columns=COLUMNS,
        fmt=fmt,
        event=REQUESTS_EXPORTED,
        target_type=ResidentRequest._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=str(_("Yêu cầu của người dân")),
        filename_stem="yeu-cau",
        filters={key: str(value) for key, value in (filters or {}).items() if value not in ("", None, False)},
        purpose=purpose,
    )
