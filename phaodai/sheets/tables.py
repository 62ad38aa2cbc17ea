"""Exporting a register's list (violations, establishments, announcements…) as CSV or .xlsx.

The same files as the residents' export (``people.export``): CSV in UTF-8 with a byte order mark
and Vietnamese headers, dates dd/mm/yyyy, identifiers as ``="…"`` so Excel keeps the leading
zero, free text never read as a formula; .xlsx written by ``XlsxStream`` with typed cells. The
caller's service gives the rows (already limited to the actor's jurisdiction), the columns, and
the audit event it writes; this module writes one EXPORTED audit row and one access-log row with
the purpose given, in the caller's transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.events import EventType
from phaodai.audit.services import access_record, audit_record
from phaodai.core.text import clean_text
from phaodai.sheets.writing import XlsxStream

UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
CHUNK_ROWS = 2000  # rows read from the database at a time
LOGGED_IDS = 1000  # ids an access-log row names at most
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would read as a formula


@dataclass(frozen=True)
class TableColumn:
    """A column: its title, how its value is read from a row, and its kind.

    ``kind``: ``text`` (free text, neutralised in CSV), ``date``, ``number``, ``digits`` (an
    identifier or phone kept as text), ``label`` (a choice's label, yes/no).
    """

    title: str | Promise
    value: Callable[[Any], Any]
    kind: str = "label"
    width: int = 18


def _csv_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "date":
        return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    if kind == "digits":
        return f'="{value}"' if value else ""
    text = clean_text(str(value))
    if kind in ("text", "label") and text.startswith(FORMULA_START):
        return "'" + text
    return text


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[Any], columns: Sequence[TableColumn]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield (UTF8_BOM + writer.writerow([str(column.title) for column in columns])).encode()
    for row in rows:
        yield writer.writerow([_csv_cell(c.kind, c.value(row)) for c in columns]).encode()


def _xlsx_value(kind: str, value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if kind == "number" or kind == "date" or value is None:
        return value
    return str(value)


def write_table_xlsx(path: Path, *, title: str, rows: Iterable[Any], columns: Sequence[TableColumn]) -> int:
    count = 0
    with XlsxStream(
        path,
        title=title,
        headers=[str(column.title) for column in columns],
        widths=[column.width for column in columns],
    ) as sheet:
        for row in rows:
            sheet.write_typed([(c.kind, _xlsx_value(c.kind, c.value(row))) for c in columns])
            count += 1
    return count


def _file_chunks(path: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(64 * 1024):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def table_export(
    *,
    actor: Any,
    rows: QuerySet[Any] | Sequence[Any],
    columns: Sequence[TableColumn],
    fmt: str,
    event: EventType,
    target_type: str,
    area_path: str,
    title: str,
    filename_stem: str,
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
    channel: AccessChannel = AccessChannel.PAGE,
    log_ids: bool = False,
) -> tuple[Iterator[bytes], str, str]:
    """``rows`` as a CSV or .xlsx: ``(content, content_type, filename)``, audited and logged.

    A queryset is counted by the database and read in chunks (never held whole in memory);
    the CSV is produced as it is sent. ``log_ids``: the access log names the records exported
    (their first ``LOGGED_IDS`` ids), for lists of named people such as a centre's members.
    """
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    if isinstance(rows, QuerySet):
        count = rows.count()
        records: Iterable[Any] = rows.iterator(chunk_size=CHUNK_ROWS)
    else:
        count, records = len(rows), rows
    plain = {key: _plain(value) for key, value in (filters or {}).items() if value not in ("", None)}
    details: dict[str, Any] = {"filters": plain, "format": fmt}
    if log_ids:
        if isinstance(rows, QuerySet):
            details["ids"] = list(rows.values_list("pk", flat=True)[:LOGGED_IDS])
        else:
            details["ids"] = [row.pk for row in rows[:LOGGED_IDS]]
    audit_record(
        actor=actor,
        event=event,
        target=None,
        target_type=target_type,
        area_path=area_path,
        changes={"count": count, "filters": plain, "format": fmt},
        params={"n": count},
        reason=purpose,
    )
    access_record(
        actor=actor,
        kind=AccessKind.EXPORTED,
        channel=channel,
        target_type=target_type,
        area_path=area_path,
        count=count,
        purpose=purpose,
        details=details,
    )
    filename = f"{filename_stem}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return _csv_lines(records, columns), CSV_CONTENT_TYPE, filename
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    write_table_xlsx(path, title=title, rows=records, columns=columns)
    return _file_chunks(path), XLSX_CONTENT_TYPE, filename
