"""Importing a lab's results from a spreadsheet: preview in the request, the import as a job.

The rules are ``labtests.imports.ResultImporter`` (the testing services behind it); the
machinery is ``sheets.pipeline`` and ``jobs`` (progress, cancel, the error report as the job's
file), as for people's residents (``people.services.imports``). Not re-exported from
``labtests.services``: ``labtests.imports`` itself uses those services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction
from phaodai.jobs import files
from phaodai.jobs.models import Job
from phaodai.jobs.runner import JobFailed, JobRun
from phaodai.jobs.services import job_start
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.imports import COLUMNS, KIND, ResultImporter
from phaodai.sheets.columns import auto_mapping
from phaodai.sheets.errors import write_error_report
from phaodai.sheets.pipeline import (
    Checked,
    ImportMode,
    Outcome,
    check_mapping,
    open_sheet,
    preview_rows,
    run_import,
)
from phaodai.sheets.reading import SheetError

PREVIEW_ROWS = 10


@dataclass
class Preview:
    headers: list[str]
    mapping: dict[str, str]
    total: int
    rows: list[Checked] = field(default_factory=list)
    problem: str = ""  # a required column the file does not have

    @property
    def ignored(self) -> list[str]:
        return [h for h in self.headers if h and not self.mapping.get(h)]

    @property
    def recognised(self) -> list[tuple[str, str]]:
        labels = {column.name: str(column.label) for column in COLUMNS}
        return [(h, labels[self.mapping[h]]) for h in self.headers if h and self.mapping.get(h)]


def results_import_preview(*, actor: User, unit: AdminUnit, path: Path) -> Preview:
    """The file's columns as understood and its first rows checked (writes nothing).

    ``SheetError`` for a file that is not a readable spreadsheet.
    """
    require(actor, Capability.EDIT_TESTS)
    require_in_jurisdiction(actor, unit.path)
    sheet = open_sheet(path, COLUMNS)
    mapping = auto_mapping(sheet.headers, COLUMNS)
    preview = Preview(headers=sheet.headers, mapping=mapping, total=sheet.total)
    try:
        check_mapping(sheet.headers, mapping, COLUMNS)
    except SheetError as error:
        preview.problem = str(error)
        return preview
    preview.rows = preview_rows(sheet, mapping, ResultImporter(actor=actor, unit=unit), PREVIEW_ROWS)
    return preview


def _file_gone() -> ValidationError:
    return ValidationError(
        _("Tệp đã tải lên không còn nữa; hãy tải lên lại."), code=LabtestsErrorCode.IMPORT_FILE_GONE
    )


@transaction.atomic
def results_import_start(
    *, actor: User, unit: AdminUnit, upload: str, file_name: str, mode: ImportMode
) -> Job:
    """Start the import of an uploaded file (``jobs.files`` relative path) as a job."""
    require(actor, Capability.EDIT_TESTS)
    require_in_jurisdiction(actor, unit.path)
    path = files.resolve(upload)
    if path is None:
        raise _file_gone()
    sheet = open_sheet(path, COLUMNS)
    mapping = auto_mapping(sheet.headers, COLUMNS)
    check_mapping(sheet.headers, mapping, COLUMNS)
    from phaodai.labtests.tasks import import_results

    return job_start(
        actor=actor,
        kind=KIND,
        label=_("Nhập kết quả xét nghiệm từ tệp %(name)s") % {"name": file_name},
        task=import_results,
        unit=unit,
        params={"upload": upload, "file_name": file_name, "mapping": mapping, "mode": str(mode)},
        capability=Capability.EDIT_TESTS,
        total=sheet.total,
    )


def summary(outcome: Outcome) -> list[dict[str, Any]]:
    """The figures the job page shows (labels are message ids, translated when shown)."""
    return [
        {"label": gettext_noop("Số dòng"), "value": outcome.rows},
        {"label": gettext_noop("Đã lưu"), "value": outcome.created},
        {"label": gettext_noop("Đã có, bỏ qua"), "value": outcome.skipped},
        {"label": gettext_noop("Dòng lỗi"), "value": outcome.errors},
    ]


def results_import_run(run: JobRun) -> dict[str, Any]:
    """The job's work: the whole import, then the error report (if any row failed) as its file."""
    job = run.job
    params = run.params
    path = files.resolve(params["upload"])
    if path is None or job.unit is None:
        raise JobFailed(_("Tệp đã tải lên không còn nữa; hãy tải lên lại."))
    try:
        importer = ResultImporter(actor=job.created_by, unit=job.unit, file_name=params["file_name"])
        outcome = run_import(
            path=path,
            mapping=params["mapping"],
            importer=importer,
            mode=ImportMode(params["mode"]),
            progress=run,
        )
    except (SheetError, PermissionDenied) as error:
        raise JobFailed(str(error)) from error
    result: dict[str, Any] = {
        **{key: getattr(outcome, key) for key in ("rows", "created", "skipped", "errors")},
        "line": outcome.line(),
        "summary": summary(outcome),
        "next_url": f"{reverse('labtests:result_list')}?unit={job.unit.pk}",
        "next_label": gettext_noop("Xem danh sách kết quả xét nghiệm"),
    }
    if outcome.failed:
        stem = Path(params["file_name"]).stem[:80] or "tep"
        write_error_report(
            run.attach("loi.xlsx", f"loi-{stem}.xlsx"), headers=outcome.headers, rows=outcome.failed
        )
        result["file_label"] = gettext_noop("Tải danh sách dòng lỗi (.xlsx)")
    if params["mode"] == ImportMode.ALL and outcome.errors:
        result["message"] = _(
            "Không lưu dòng nào: %(errors)d dòng có lỗi (chế độ “tất cả hoặc không”). Hãy sửa theo tệp"
            " lỗi rồi tải lên lại."
        ) % {"errors": outcome.errors}
    else:
        result["message"] = _(
            "Đã xong: %(created)d kết quả đã lưu, %(skipped)d đã có, %(errors)d dòng lỗi."
        ) % {key: getattr(outcome, key) for key in ("created", "skipped", "errors")}
    return result
