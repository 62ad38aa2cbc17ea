"""Member lists and rosters as CSV or .xlsx, the platform's way (``people.export``): UTF-8 with a
byte order mark for Excel, phones kept as text, free text never read as a formula, an EXPORTED
audit row with the count, and an access-log row (names and phones are personal data)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.events import EventType
from phaodai.audit.services import access_record, audit_record
from phaodai.command import events
from phaodai.command.enums import Office, Position
from phaodai.command.models import Member, Shift
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.jobs import files
from phaodai.sheets.writing import XlsxStream

UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: Any
    value: Callable[[Any], Any]
    kind: str = "label"  # "text", "digits", "date", "number", "label" (sheets.writing kinds)
    width: int = 16


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _body_name(member: Member) -> str:
    body = member.centre or member.committee
    return body.name if body is not None else ""


MEMBER_COLUMNS: list[Column] = [
    Column(gettext_lazy("Đơn vị"), lambda m: m.unit.name, "text", 20),
    Column(gettext_lazy("Cơ quan"), _body_name, "text", 36),
    Column(gettext_lazy("Họ và tên"), lambda m: m.full_name, "text", 24),
    Column(gettext_lazy("Vị trí"), lambda m: str(Position(m.position).label), width=22),
    Column(gettext_lazy("Chức danh"), lambda m: m.office_detail or str(Office(m.office).label), "text", 26),
    Column(gettext_lazy("Số điện thoại"), lambda m: m.phone, "digits", 12),
    Column(gettext_lazy("Nhiệm vụ"), lambda m: m.duties, "text", 40),
    Column(
        gettext_lazy("Địa bàn phụ trách"),
        lambda m: ", ".join(x for x in (m.area_unit.name if m.area_unit else "", m.area_note) if x),
        "text",
        24,
    ),
    Column(gettext_lazy("Tham gia trực"), lambda m: _("Có") if m.takes_shifts else "", width=8),
]
ROSTER_COLUMNS: list[Column] = [
    Column(gettext_lazy("Bắt đầu"), lambda s: _local(s.starts_at), width=17),
    Column(gettext_lazy("Kết thúc"), lambda s: _local(s.ends_at), width=17),
    Column(gettext_lazy("Người trực"), lambda s: s.member.full_name, "text", 24),
    Column(gettext_lazy("Trực lãnh đạo"), lambda s: _("Có") if s.leads else "", width=8),
    Column(gettext_lazy("Số điện thoại"), lambda s: s.member.phone, "digits", 12),
    Column(gettext_lazy("Ghi chú"), lambda s: s.note, "text", 24),
]


def _csv_cell(column: Column, record: Any) -> str:
    value = column.value(record)
    if column.kind == "text":
        value = clean_text(value or "")
        return "'" + value if value.startswith(_FORMULA_START) else value
    if column.kind == "digits":
        return f'="{value}"' if value else ""
    return "" if value is None else str(value)


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv(columns: Sequence[Column], records: Sequence[Any]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield (UTF8_BOM + writer.writerow([str(c.title) for c in columns])).encode()
    for record in records:
        yield writer.writerow([_csv_cell(c, record) for c in columns]).encode()


def _xlsx(columns: Sequence[Column], records: Sequence[Any], title: str) -> Iterator[bytes]:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False, dir=files.root())  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    with XlsxStream(
        path, title=title, headers=[str(c.title) for c in columns], widths=[c.width for c in columns]
    ) as sheet:
        for record in records:
            cells = []
            for column in columns:
                value = column.value(record)
                cells.append((column.kind, clean_text(value) if isinstance(value, str) else value))
            sheet.write_typed(cells)

    def chunks() -> Iterator[bytes]:
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(64 * 1024):
                    yield chunk
        finally:
            path.unlink(missing_ok=True)

    return chunks()


@transaction.atomic
def _export(
    *,
    actor: User,
    records: Sequence[Any],
    columns: Sequence[Column],
    fmt: str,
    event: EventType,
    target_type: str,
    name: str,
    title: str,
    purpose: str,
    channel: AccessChannel,
) -> tuple[Iterator[bytes], str, str]:
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.VIEW_COMMAND) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách này."))
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    inside = [r for r in records if jurisdiction.contains(r.area_path)]
    audit_record(
        actor=actor,
        event=event,
        target=None,
        target_type=target_type,
        area_path=jurisdiction.home_path,
        changes={"count": len(inside), "format": fmt},
        params={"n": len(inside)},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=channel,
        target_type=target_type,
        area_path=jurisdiction.home_path,
        count=len(inside),
        purpose=purpose,
        details={"format": fmt, "ids": [r.pk for r in inside][:1000]},
    )
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv(columns, inside), CSV_CONTENT_TYPE, filename
    return _xlsx(columns, inside, title), XLSX_CONTENT_TYPE, filename


def members_export(
    *,
    actor: User,
    members: Sequence[Member],
    fmt: str = "csv",
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
) -> tuple[Iterator[bytes], str, str]:
    """A member list as CSV/.xlsx: ``(content, content_type, filename)``."""
    return _export(
        actor=actor,
        records=members,
        columns=MEMBER_COLUMNS,
        fmt=fmt,
        event=events.MEMBERS_EXPORTED,
        target_type=Member._meta.label_lower,
        name="thanh-vien",
        title=str(_("Thành viên")),
        purpose=purpose,
        channel=channel,
    )


def roster_export(
    *,
    actor: User,
    shifts: Sequence[Shift],
    fmt: str = "csv",
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
) -> tuple[Iterator[bytes], str, str]:
    """A roster (its shifts) as CSV/.xlsx."""
    return _export(
        actor=actor,
        records=shifts,
        columns=ROSTER_COLUMNS,
        fmt=fmt,
        event=events.ROSTER_EXPORTED,
        target_type=Shift._meta.label_lower,
        name="lich-truc",
        title=str(_("Lịch trực")),
        purpose=purpose,
        channel=channel,
    )
