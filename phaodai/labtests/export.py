"""Exporting results (CSV or .xlsx) through the platform's list exporter
(``sheets.tables.table_export``): one audit row and one access-log row with the purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.audit.enums import AccessChannel
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.labtests.enums import ResultSource, ResultValue, TestKind
from phaodai.labtests.events import RESULTS_EXPORTED
from phaodai.labtests.models import TestResult
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, XLSX_CONTENT_TYPE, TableColumn, table_export

__all__ = ["COLUMNS", "CSV_CONTENT_TYPE", "FORMATS", "XLSX_CONTENT_TYPE", "results_export"]


def _field(name: str, show: Callable[[Any], Any] = lambda value: value) -> Callable[[Mapping[str, Any]], Any]:
    return lambda row: show(row[name])


def _label(choices: Any) -> Callable[[Any], str]:
    return lambda code: str(choices(code).label)


# (title, the values() field it reads, how it is shown, kind, width)
_SPEC: list[tuple[Any, str, Callable[[Any], Any], str, int]] = [
    (gettext_lazy("Mã kết quả"), "pk", lambda v: v, "number", 10),
    (gettext_lazy("Họ và tên"), "person__full_name", lambda v: v, "text", 28),
    (gettext_lazy("Năm sinh"), "person__birth_year", lambda v: v, "number", 8),
    (gettext_lazy("Số CCCD/CMND"), "person__national_id", lambda v: v, "digits", 16),
    (gettext_lazy("Số điện thoại"), "person__phone", lambda v: v, "digits", 13),
    (gettext_lazy("Đơn vị"), "unit__name", lambda v: v, "text", 20),
    (gettext_lazy("Loại xét nghiệm"), "kind", _label(TestKind), "label", 18),
    (gettext_lazy("Ngày lấy mẫu"), "sampled_on", lambda v: v, "date", 12),
    (gettext_lazy("Kết quả"), "result", _label(ResultValue), "label", 12),
    (gettext_lazy("Ngày có kết quả"), "result_on", lambda v: v, "date", 12),
    (gettext_lazy("Giá trị Ct"), "ct_value", lambda v: float(v) if v is not None else None, "number", 8),
    (gettext_lazy("Phòng xét nghiệm"), "lab", lambda v: v, "text", 20),
    (gettext_lazy("Nguồn"), "source", _label(ResultSource), "label", 16),
    (gettext_lazy("Đợt xét nghiệm"), "sample__session__place", lambda v: v or "", "text", 24),
]
FIELDS = tuple(spec[1] for spec in _SPEC)
COLUMNS = [TableColumn(title, _field(name, show), kind, width) for title, name, show, kind, width in _SPEC]


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
    rows = queryset.filter(jurisdiction.q("area_path")).order_by("-sampled_on", "-pk").values(*FIELDS)
    return table_export(
        actor=actor,
        rows=rows,
        columns=COLUMNS,
        fmt=fmt,
        event=RESULTS_EXPORTED,
        target_type=TestResult._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=_("Kết quả xét nghiệm"),
        filename_stem="ket-qua-xet-nghiem",
        filters=filters,
        purpose=purpose,
        channel=channel,
    )
