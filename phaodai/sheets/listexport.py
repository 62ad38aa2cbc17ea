"""Any list's export: sent at once when short, written by a background job when long.

An app declares its list once as a ``ListExport``: how its records are found for a user, a unit
and the list's filters (the query string of the list page, so that the worker finds the very
same rows again), and the app's export service (``sheets.tables.table_export`` or its own),
which checks the permission, re-limits the rows to the actor's jurisdiction and writes the
audit row and the access log with the purpose. A list longer than
``PHAODAI_EXPORT_SYNC_ROWS`` rows goes to ``list_export_start``: a job on the jobs page with
its progress, a cancel button, the file to download when done and an alert to its starter.
The page side is ``ui.exports.list_export_response``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Capability
from phaodai.jobs.models import Job
from phaodai.jobs.runner import JobRun
from phaodai.jobs.services import job_start
from phaodai.sheets.tables import FORMATS

# (records, the search values the audit row records) for a user, the unit chosen and the filters
Records = Callable[[User, AdminUnit | None, QueryDict], tuple[QuerySet[Any], Mapping[str, Any]]]
# the app's export service: (content, content type, file name)
ExportService = Callable[..., tuple[Iterator[bytes], str, str]]

_PROGRESS_EVERY = 1000  # CSV lines between two progress updates (and cancel checks)


@dataclass(frozen=True)
class ListExport:
    """One list that can be exported. ``path``: where this object is (``module.NAME``), so that
    the worker finds it again; ``noun``: what a row is, in the job's label ("ca bệnh");
    ``writes_xlsx_to``: the export service can write an .xlsx straight into a file (``to=``)
    and report the rows written (``progress=``), so that a job's progress moves row by row."""

    path: str
    kind: str
    capability: Capability
    noun: str | Promise
    records: Records
    export: ExportService
    default_fmt: str = "csv"
    writes_xlsx_to: bool = False

    def filters_of(self, unit: AdminUnit | None, search: Mapping[str, Any]) -> dict[str, Any]:
        """The filters the audit row keeps: the search values given, and the unit."""
        return {
            **{key: value for key, value in search.items() if value not in ("", None)},
            "unit": unit.pk if unit is not None else "",
        }


def _plain_query(query: QueryDict) -> str:
    kept = query.copy()
    for key in ("purpose", "fmt", "page"):
        kept.pop(key, None)
    return kept.urlencode()


@transaction.atomic
def list_export_start(
    *,
    spec: ListExport,
    actor: User,
    unit: AdminUnit | None,
    query: QueryDict,
    fmt: str,
    purpose: str,
    count: int,
) -> Job:
    """A long list's export as a background job (its file downloadable from the job's page)."""
    if fmt not in FORMATS:
        raise ValidationError({"fmt": [_("Chưa hỗ trợ định dạng xuất %(fmt)s.") % {"fmt": fmt}]})
    if import_string(spec.path) is not spec:
        raise ValueError(f"{spec.path} is not this list export")
    from phaodai.sheets.tasks import export_list

    return job_start(
        actor=actor,
        kind=spec.kind,
        label=_("Xuất %(n)d %(what)s ra %(fmt)s") % {"n": count, "what": spec.noun, "fmt": fmt.upper()},
        task=export_list,
        unit=unit if unit is not None else actor.home_unit,
        params={
            "spec": spec.path,
            "unit_id": unit.pk if unit is not None else None,
            "query": _plain_query(query),
            "fmt": fmt,
            "purpose": purpose,
        },
        capability=spec.capability,
        total=count,
    )


def list_export_run(run: JobRun) -> dict[str, Any]:
    """The job's work: the same rows and the same export service as a short list, into the job's file."""
    job, params = run.job, run.params
    spec = import_string(params["spec"])
    if not isinstance(spec, ListExport):
        raise TypeError(f"{params['spec']} is not a list export")
    actor = job.created_by
    unit = job.unit if params.get("unit_id") else None
    records, search = spec.records(actor, unit, QueryDict(params["query"]))
    total = records.count()
    run.progress(0, total, _("Đang ghi tệp…"))
    fmt = params["fmt"]
    path = run.attach(f"export.{fmt}", "")  # its download name is the service's, given below
    into: dict[str, Any] = {}
    if spec.writes_xlsx_to and fmt == "xlsx":
        into = {"to": path, "progress": lambda done: _written(run, done)}
    content, _type, filename = spec.export(
        actor=actor,
        queryset=records,
        fmt=fmt,
        filters=spec.filters_of(unit, search),
        purpose=params["purpose"],
        **into,
    )
    run.attach(f"export.{fmt}", filename)
    if not into:  # else the service has written the file
        _write_lines(run, content, path, every=_PROGRESS_EVERY if fmt == "csv" else 0, total=total)
    run.progress(total, total)
    return {
        "count": total,
        "message": _("Đã xuất %(n)d %(what)s.") % {"n": total, "what": spec.noun},
        "summary": [{"label": gettext_noop("Số dòng"), "value": total}],
        "file_label": gettext_noop("Tải tệp về"),
    }


def _written(run: JobRun, done: int) -> None:
    """Rows written so far: the job's progress, and where a cancel is honoured."""
    run.check_cancelled()
    run.progress(done, message=_("Đã ghi %(n)d dòng…") % {"n": done})


def _write_lines(run: JobRun, content: Iterator[bytes], path: Path, *, every: int, total: int) -> None:
    """The service's content into the job's file; every ``every`` lines (CSV), the progress."""
    with path.open("wb") as out:
        for lines, chunk in enumerate(content, start=1):
            out.write(chunk)
            if every and lines % every == 0:
                _written(run, min(lines - 1, total))
