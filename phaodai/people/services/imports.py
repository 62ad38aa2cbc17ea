"""Importing residents from a spreadsheet: preview, start as a job, run (page, job and command).

The rules are ``people.imports`` (which calls ``clean_person``); the machinery is
``sheets.pipeline``. See ``people/README.md`` ("Import").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
from phaodai.people.imports import COLUMNS, KIND, ResidentImporter, people_list_url, summary
from phaodai.sheets.columns import auto_mapping
from phaodai.sheets.errors import FailedRow, write_error_report
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
from phaodai.sheets.services import sheet_mapping_recall, sheet_mapping_remember

PREVIEW_ROWS = 10


@dataclass
class Preview:
    headers: list[str]
    mapping: dict[str, str]
    total: int
    rows: list[Checked] = field(default_factory=list)
    remembered: bool = False
    problem: str = ""  # a required column not mapped

    @property
    def ignored(self) -> list[str]:
        return [h for h in self.headers if h and not self.mapping.get(h)]


def residents_import_preview(
    *, actor: User, unit: AdminUnit, path: Path, mapping: dict[str, str] | None = None
) -> Preview:
    """The file's headers, the mapping (given, remembered, or guessed) and its first rows checked.

    ``SheetError`` for a file that is not a readable spreadsheet. Writes nothing.
    """
    require(actor, Capability.EDIT_PEOPLE)
    require_in_jurisdiction(actor, unit.path)
    sheet = open_sheet(path, COLUMNS)
    remembered = False
    if mapping is None:
        recalled = sheet_mapping_recall(user=actor, unit=unit, kind=KIND, headers=sheet.headers)
        remembered = recalled is not None
        mapping = recalled if recalled is not None else auto_mapping(sheet.headers, COLUMNS)
    preview = Preview(headers=sheet.headers, mapping=mapping, total=sheet.total, remembered=remembered)
    try:
        check_mapping(sheet.headers, mapping, COLUMNS)
    except SheetError as error:
        preview.problem = str(error)
        return preview
    preview.rows = preview_rows(sheet, mapping, ResidentImporter(actor=actor, unit=unit), PREVIEW_ROWS)
    return preview


@transaction.atomic
def residents_import_start(
    *, actor: User, unit: AdminUnit, upload: str, file_name: str, mapping: dict[str, str], mode: ImportMode
) -> Job:
    """Remember the mapping for files with these headers and start the import as a job."""
    require(actor, Capability.EDIT_PEOPLE)
    require_in_jurisdiction(actor, unit.path)
    path = files.resolve(upload)
    if path is None:
        raise ValidationError(
            _("Tệp đã tải lên không còn nữa; hãy tải lên lại."), code="people.import_file_gone"
        )
    sheet = open_sheet(path, COLUMNS)
    check_mapping(sheet.headers, mapping, COLUMNS)
    sheet_mapping_remember(actor=actor, unit=unit, kind=KIND, headers=sheet.headers, mapping=mapping)
    from phaodai.people.tasks import import_residents

    return job_start(
        actor=actor,
        kind=KIND,
        label=_("Nhập nhân khẩu từ tệp %(name)s") % {"name": file_name},
        task=import_residents,
        unit=unit,
        params={"upload": upload, "file_name": file_name, "mapping": mapping, "mode": str(mode)},
        capability=Capability.EDIT_PEOPLE,
        total=sheet.total,
    )


def _report(outcome: Outcome, path: Path) -> int:
    return write_error_report(path, headers=outcome.headers, rows=outcome.failed)


def residents_import_run(run: JobRun) -> dict[str, Any]:
    """The job's work: the whole import, then the error report (if any row failed) as its file."""
    job = run.job
    params = run.params
    path = files.resolve(params["upload"])
    if path is None or job.unit is None:
        raise JobFailed(_("Tệp đã tải lên không còn nữa; hãy tải lên lại."))
    try:
        importer = ResidentImporter(
            actor=job.created_by,
            unit=job.unit,
            file_name=params["file_name"],
            mode=params["mode"],
            job_id=job.pk,
        )
        outcome = run_import(
            path=path,
            mapping=params["mapping"],
            importer=importer,
            mode=ImportMode(params["mode"]),
            progress=run,
        )
    except SheetError as error:
        raise JobFailed(str(error)) from error
    except PermissionDenied as error:
        raise JobFailed(str(error)) from error
    result: dict[str, Any] = {
        **{
            key: getattr(outcome, key)
            for key in ("rows", "created", "updated", "skipped", "errors", "review")
        },
        "line": outcome.line(),
        "summary": summary(outcome),
        "next_url": people_list_url(job.unit),
        "next_label": gettext_noop("Xem danh sách nhân khẩu"),
    }
    if outcome.failed:
        stem = Path(params["file_name"]).stem[:80] or "tep"
        _report(outcome, run.attach("loi.xlsx", f"loi-{stem}.xlsx"))
        result["file_label"] = gettext_noop("Tải danh sách dòng lỗi (.xlsx)")
    if params["mode"] == ImportMode.ALL and outcome.errors:
        result["message"] = _(
            "Không lưu dòng nào: %(errors)d dòng có lỗi (chế độ “tất cả hoặc không”). Hãy sửa theo tệp"
            " lỗi rồi tải lên lại."
        ) % {"errors": outcome.errors}
    else:
        result["message"] = _(
            "Đã xong: %(created)d thêm mới, %(updated)d cập nhật, %(skipped)d đã có, %(errors)d dòng lỗi."
        ) % {key: getattr(outcome, key) for key in ("created", "updated", "skipped", "errors")}
    return result


def residents_import_file(
    *,
    actor: User,
    unit: AdminUnit,
    path: Path,
    mode: ImportMode,
    dry_run: bool = False,
    errors_to: Path | None = None,
    mapping: dict[str, str] | None = None,
) -> Outcome:
    """The command's import: in this process, the mapping guessed (or remembered) from the headers."""
    require(actor, Capability.EDIT_PEOPLE)
    require_in_jurisdiction(actor, unit.path)
    sheet = open_sheet(path, COLUMNS)  # read once: for the mapping and for the rows
    if mapping is None:
        mapping = sheet_mapping_recall(
            user=actor, unit=unit, kind=KIND, headers=sheet.headers
        ) or auto_mapping(sheet.headers, COLUMNS)
    importer = ResidentImporter(actor=actor, unit=unit, file_name=path.name, mode=str(mode))
    outcome = run_import(
        path=path, mapping=mapping, importer=importer, mode=mode, dry_run=dry_run, sheet=sheet
    )
    if errors_to is not None and outcome.failed:
        _report(outcome, errors_to)
    return outcome


__all__ = [
    "FailedRow",
    "Preview",
    "residents_import_file",
    "residents_import_preview",
    "residents_import_run",
    "residents_import_start",
]
