"""Exporting residents to a spreadsheet, streamed, with an audit row (PEERS.md §3.3).

Large extracts time out in the peer systems when the file is built in memory. Here
the rows are read in chunks (``QuerySet.iterator``) and written as they go; the
caller hands the iterator to a ``StreamingHttpResponse``.

The CSV is what Excel opens directly on a Vietnamese Windows: UTF-8 with a byte
order mark (without it Excel shows "Nguyá»…n"), Vietnamese column headers, dates as
dd/mm/yyyy. Identity numbers and phones are written as ``="001090012345"`` so Excel
keeps their leading zero instead of showing 1.09E+09. Free text that Excel would read
as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.places import EXPORT_PARENTS, units_by_level
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.services import access_record, audit_record
from phaodai.core.access import has_capability, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.people.enums import ChronicCondition
from phaodai.people.events import PEOPLE_EXPORTED
from phaodai.people.models import Person

UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    """A filter value as JSON: records by primary key, anything unusual as text."""
    if isinstance(value, Model):
        return value.pk
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _text(value: str) -> str:
    """Free text as a spreadsheet cell: no invisible or reordering characters (records written
    before inputs were cleaned may hold them), and never read as a formula."""
    value = clean_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _digits(value: str) -> str:
    return f'="{value}"' if value else ""


def _yes(value: bool) -> str:
    return _("Có") if value else ""


def _level(person: Person, level: UnitLevel) -> str:
    unit = units_by_level(person.residence_unit).get(level)
    return _text(unit.name) if unit is not None else ""


def _conditions(person: Person) -> str:
    labels = dict(ChronicCondition.choices)
    return "; ".join(str(labels.get(code, code)) for code in person.chronic_conditions)


COLUMNS: list[tuple[Any, Callable[[Person], str]]] = [
    (gettext_lazy("Mã hồ sơ"), lambda p: str(p.uuid)),
    (gettext_lazy("Họ và tên"), lambda p: _text(p.full_name)),
    (gettext_lazy("Giới tính"), lambda p: str(p.get_sex_display())),
    (gettext_lazy("Ngày sinh"), lambda p: p.birth_date.strftime("%d/%m/%Y") if p.birth_date else ""),
    (gettext_lazy("Năm sinh"), lambda p: str(p.birth_year)),
    (gettext_lazy("Số CCCD/CMND"), lambda p: _digits(p.national_id)),
    (gettext_lazy("Số điện thoại"), lambda p: _digits(p.phone)),
    (gettext_lazy("Dân tộc"), lambda p: str(p.get_ethnicity_display())),
    # Where the resident lives, one column per level: a list of a district or a province has
    # hundreds of "Tổ dân phố số 5" (areas.places; the 2025 map has no district).
    (gettext_lazy("Thôn, tổ dân phố"), lambda p: _level(p, UnitLevel.VILLAGE)),
    (gettext_lazy("Xã, phường, thị trấn"), lambda p: _level(p, UnitLevel.COMMUNE)),
    (gettext_lazy("Quận, huyện"), lambda p: _level(p, UnitLevel.DISTRICT)),
    (gettext_lazy("Tỉnh, thành phố"), lambda p: _level(p, UnitLevel.PROVINCE)),
    (gettext_lazy("Mã hộ"), lambda p: _text(p.household.code) if p.household else ""),
    (gettext_lazy("Tình trạng cư trú"), lambda p: str(p.get_residence_status_display())),
    (gettext_lazy("Đang ở đâu"), lambda p: _text(p.away_location)),
    (gettext_lazy("Bệnh nền"), _conditions),
    (gettext_lazy("Đang mang thai"), lambda p: _yes(p.is_pregnant)),
    (gettext_lazy("Nguy cơ cao"), lambda p: _yes(p.is_high_risk)),
    (gettext_lazy("Ghi chú"), lambda p: _text(p.notes)),
]


class _Line:
    """A file-like object whose write() hands the CSV line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(queryset: QuerySet[Person]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield (UTF8_BOM + writer.writerow([str(title) for title, _value in COLUMNS])).encode()
    for person in queryset.iterator(chunk_size=2000):
        yield writer.writerow([value(person) for _title, value in COLUMNS]).encode()


@transaction.atomic
def people_export(
    *,
    actor: User,
    queryset: QuerySet[Person],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
) -> tuple[Iterator[bytes], str, str]:
    """Rows of ``queryset`` (re-limited to the actor's jurisdiction) as a streamed CSV.

    Returns ``(content, content_type, filename)``; ``content`` is an iterator of
    bytes. Writes one EXPORTED audit row with the count and the filters used, and one
    access-log row with the purpose the actor gave (Decree 13/2023/NĐ-CP).
    """
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.EXPORT_PEOPLE) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách nhân khẩu."))
    if fmt != "csv":
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    rows = queryset.filter(jurisdiction.q("area_path")).select_related(
        f"residence_unit__{EXPORT_PARENTS}", "household"
    )
    count = rows.count()
    plain_filters = {k: _plain(v) for k, v in (filters or {}).items()}
    audit_record(
        actor=actor,
        event=PEOPLE_EXPORTED,
        target=None,
        target_type=Person._meta.label_lower,
        area_path=jurisdiction.home_path,
        changes={"count": count, "filters": plain_filters, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=channel,
        target_type=Person._meta.label_lower,
        area_path=jurisdiction.home_path,
        count=count,
        purpose=purpose,
        details={"filters": plain_filters, "format": fmt},
    )
    filename = f"nhan-khau-{timezone.localdate():%Y%m%d}.csv"
    return _csv_lines(rows), CSV_CONTENT_TYPE, filename
