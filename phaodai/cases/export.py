"""Exporting cases to CSV or .xlsx through the platform's list exporter
(``sheets.tables.table_export``): an audit row and an access-log row with the purpose given."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.audit.enums import AccessChannel
from phaodai.cases.enums import CareSetting, CaseStatus, HowFound, RiskGroup, Severity, VaccinationStatus
from phaodai.cases.events import CASES_EXPORTED
from phaodai.cases.models import Case
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, XLSX_CONTENT_TYPE, TableColumn, table_export

__all__ = ["COLUMNS", "CSV_CONTENT_TYPE", "FORMATS", "XLSX_CONTENT_TYPE", "cases_export"]


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


def _column(title: Any, field: str, show: Callable[[Any], Any], kind: str) -> TableColumn:
    return TableColumn(title, lambda row: show(row[field]), kind, 18)


TABLE = [_column(*column) for column in COLUMNS]


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
    rows = (
        queryset.filter(jurisdiction.q("area_path"))
        .order_by("confirmed_on", "pk")
        .values(*[column[1] for column in COLUMNS])
    )
    return table_export(
        actor=actor,
        rows=rows,
        columns=TABLE,
        fmt=fmt,
        event=CASES_EXPORTED,
        target_type=Case._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=_("Ca bệnh"),
        filename_stem="ca-benh",
        filters=filters,
        purpose=purpose,
        channel=channel,
    )
