"""Member lists and rosters as CSV or .xlsx through the platform's list exporter
(``sheets.tables.table_export``): phones kept as text, free text never read as a formula, an
EXPORTED audit row with the count, and an access-log row naming the records (names and phones
are personal data)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.audit.enums import AccessChannel
from phaodai.audit.events import EventType
from phaodai.command import events
from phaodai.command.enums import Office, Position
from phaodai.command.models import Member, Shift
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.sheets.tables import CSV_CONTENT_TYPE, FORMATS, XLSX_CONTENT_TYPE, TableColumn, table_export

__all__ = ["CSV_CONTENT_TYPE", "FORMATS", "MEMBER_COLUMNS", "ROSTER_COLUMNS", "XLSX_CONTENT_TYPE"]


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _body_name(member: Member) -> str:
    body = member.centre or member.committee
    return body.name if body is not None else ""


MEMBER_COLUMNS: list[TableColumn] = [
    TableColumn(gettext_lazy("Đơn vị"), lambda m: m.unit.name, "text", 20),
    TableColumn(gettext_lazy("Cơ quan"), _body_name, "text", 36),
    TableColumn(gettext_lazy("Họ và tên"), lambda m: m.full_name, "text", 24),
    TableColumn(gettext_lazy("Vị trí"), lambda m: str(Position(m.position).label), width=22),
    TableColumn(
        gettext_lazy("Chức danh"), lambda m: m.office_detail or str(Office(m.office).label), "text", 26
    ),
    TableColumn(gettext_lazy("Số điện thoại"), lambda m: m.phone, "digits", 12),
    TableColumn(gettext_lazy("Nhiệm vụ"), lambda m: m.duties, "text", 40),
    TableColumn(
        gettext_lazy("Địa bàn phụ trách"),
        lambda m: ", ".join(x for x in (m.area_unit.name if m.area_unit else "", m.area_note) if x),
        "text",
        24,
    ),
    TableColumn(gettext_lazy("Tham gia trực"), lambda m: _("Có") if m.takes_shifts else "", width=8),
]
ROSTER_COLUMNS: list[TableColumn] = [
    TableColumn(gettext_lazy("Bắt đầu"), lambda s: _local(s.starts_at), width=17),
    TableColumn(gettext_lazy("Kết thúc"), lambda s: _local(s.ends_at), width=17),
    TableColumn(gettext_lazy("Người trực"), lambda s: s.member.full_name, "text", 24),
    TableColumn(gettext_lazy("Trực lãnh đạo"), lambda s: _("Có") if s.leads else "", width=8),
    TableColumn(gettext_lazy("Số điện thoại"), lambda s: s.member.phone, "digits", 12),
    TableColumn(gettext_lazy("Ghi chú"), lambda s: s.note, "text", 24),
]


@transaction.atomic
def _export(
    *,
    actor: User,
    records: Sequence[Any],
    columns: Sequence[TableColumn],
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
    return table_export(
        actor=actor,
        rows=[r for r in records if jurisdiction.contains(r.area_path)],
        columns=columns,
        fmt=fmt,
        event=event,
        target_type=target_type,
        area_path=jurisdiction.home_path,
        title=title,
        filename_stem=name,
        purpose=purpose,
        channel=channel,
        log_ids=True,
    )


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
