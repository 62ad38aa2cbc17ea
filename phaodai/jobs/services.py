"""Starting, cancelling and running again background jobs; finding the ones a dead worker left.

A job is started by a domain service (``people.imports.residents_import_start``) through
``job_start``: the row is written in the caller's transaction and the task is enqueued after
commit, with the job's id only. The task runs the work through ``phaodai.jobs.runner.run_job``,
which marks the row running, reports progress, honours a cancel between batches and tells the
user who started it when it ends (``phaodai.alerts``).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.access import has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import require_in_jurisdiction
from phaodai.jobs import events, files
from phaodai.jobs.enums import ACTIVE, JobStatus
from phaodai.jobs.models import Job


def this_worker() -> str:
    """``host:pid`` of the current process (a job's ``worker``)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _enqueue(job_id: int) -> None:
    job = Job.objects.unscoped().get(pk=job_id)
    task = import_string(job.task_path)
    result = task.enqueue(job_id=job_id)
    Job.objects.unscoped().filter(pk=job_id).update(task_id=str(result.id)[:64])


@transaction.atomic
def job_start(
    *,
    actor: User,
    kind: str,
    label: str,
    task: Any,
    unit: AdminUnit | None,
    params: dict[str, Any],
    capability: Capability | None = None,
    total: int = 0,
    message: str = "",
) -> Job:
    """Record a job for ``actor`` on ``unit`` and enqueue ``task(job_id=…)`` once this commits."""
    if capability is not None and not has_capability(actor, capability):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))
    if unit is not None:
        require_in_jurisdiction(actor, unit.path)
    elif not actor.sees_everything:
        raise PermissionDenied(_("Hãy chọn đơn vị."))
    job = Job(
        unit=unit,
        kind=kind,
        label=label[:200],
        task_path=task.module_path,
        capability=capability or "",
        created_by=actor,
        params=params,
        total=total,
        message=message or _("Đang chờ đến lượt xử lý…"),
    )
    job.save()
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _own(actor: User, job: Job) -> Job:
    locked = Job.objects.unscoped().select_for_update().get(pk=job.pk)
    if locked.created_by_id != actor.pk:
        raise PermissionDenied(_("Chỉ người tạo mới thao tác được với việc này."))
    require_in_jurisdiction(actor, locked.area_path)
    return locked


@transaction.atomic
def job_cancel(*, actor: User, job: Job) -> Job:
    """Stop a job: a queued one at once, a running one at its next batch. A finished one is left."""
    job = _own(actor, job)
    if not job.is_active:
        raise ValidationError(_("Việc này đã kết thúc, không huỷ được nữa."), code="jobs.finished")
    if job.status == JobStatus.QUEUED:
        job.status = JobStatus.CANCELLED
        job.finished_at = timezone.now()
        job.message = _("Đã huỷ trước khi bắt đầu.")
    else:
        job.message = _("Đang dừng theo yêu cầu huỷ…")
    job.cancel_requested = True
    job.save(update_fields=["status", "finished_at", "message", "cancel_requested", "updated_at"])
    audit_record(actor=actor, event=events.JOB_CANCELLED, target=job, area_path=job.area_path)
    return job


@transaction.atomic
def job_retry(*, actor: User, job: Job) -> Job:
    """Run a failed or cancelled job again from its parameters (its task is idempotent)."""
    job = _own(actor, job)
    if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise ValidationError(_("Chỉ chạy lại được việc bị lỗi hoặc đã huỷ."), code="jobs.not_retryable")
    if job.capability and not has_capability(actor, Capability(job.capability)):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))
    job.status = JobStatus.QUEUED
    job.cancel_requested = False
    job.done = 0
    job.error = ""
    job.message = _("Đang chờ đến lượt xử lý…")
    job.started_at = job.finished_at = None
    job.worker = ""
    job.save()
    audit_record(actor=actor, event=events.JOB_RETRIED, target=job, area_path=job.area_path)
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(job: Job, *, host: str, stale_before: dt.datetime) -> bool:
    worker_host, _sep, pid = job.worker.rpartition(":")
    if worker_host == host and pid.isdigit():
        return not _process_alive(int(pid))
    beat = job.heartbeat_at or job.started_at
    return beat is None or beat < stale_before


def jobs_recover_abandoned(*, now: dt.datetime | None = None) -> list[Job]:
    """Mark failed the running jobs whose worker is gone; called when a worker starts.

    A worker on this machine is gone when its process is; one elsewhere when it has not
    reported for ``PHAODAI_JOB_STALE_SECONDS``. The starter is told, and the job can be run
    again: the tasks are idempotent, and what a killed worker had not committed was rolled
    back by the database.
    """
    from phaodai.jobs.runner import notify_finished

    now = now or timezone.now()
    host = socket.gethostname()
    stale_before = now - dt.timedelta(seconds=settings.PHAODAI_JOB_STALE_SECONDS)
    recovered: list[Job] = []
    running = Job.objects.unscoped().filter(status=JobStatus.RUNNING).select_related("created_by")
    for job in running:
        if not _abandoned(job, host=host, stale_before=stale_before):
            continue
        with transaction.atomic():
            updated = Job.objects.unscoped().filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker)
            reason = _(
                "Tiến trình xử lý (%(worker)s) đã dừng đột ngột khi việc đang chạy. Phần chưa lưu đã được"
                " huỷ; hãy bấm “Chạy lại”: những dòng đã lưu sẽ không bị lưu hai lần."
            ) % {"worker": job.worker or "?"}
            if not updated.update(
                status=JobStatus.FAILED, error=reason, message=_("Bị lỗi."), finished_at=now, updated_at=now
            ):
                continue
            job.refresh_from_db()
            audit_record(actor=None, event=events.JOB_ABANDONED, target=job, area_path=job.area_path)
            _fail_task_result(job.task_id)
            notify_finished(job)
        recovered.append(job)
    return recovered


def _fail_task_result(task_id: str) -> None:
    """The ORM backend's own row of a killed task says RUNNING forever: say FAILED."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the ORM backend is always installed
        return
    try:
        DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now()
        )
    except (ValidationError, ValueError):  # an id of another backend
        return


def jobs_remove_old_files(*, now: dt.datetime | None = None) -> int:
    """Delete what jobs left on disk longer than ``PHAODAI_JOB_KEEP_DAYS``; returns the files deleted.

    A finished job's result (an export holds personal data: it should not lie around) is removed
    and the job forgets it (its page then offers no download); an uploaded list no job waiting or
    running still needs (an import previewed and never started) is removed too. Called when a
    worker starts and by ``manage.py remove_old_job_files`` (daily, from cron).
    """
    now = now or timezone.now()
    before = now - dt.timedelta(days=settings.PHAODAI_JOB_KEEP_DAYS)
    removed = 0
    old = Job.objects.unscoped().filter(finished_at__lt=before).exclude(result_file="")
    for job in old.only("pk", "result_file"):
        path = files.resolve(job.result_file)
        if path is not None:
            path.unlink(missing_ok=True)
            removed += 1
        Job.objects.unscoped().filter(pk=job.pk).update(result_file="")
    needed = {
        str(params.get("upload", ""))
        for params in Job.objects.unscoped().filter(status__in=ACTIVE).values_list("params", flat=True)
        if isinstance(params, dict)
    }
    uploads = files.root() / "uploads"
    if uploads.is_dir():
        for path in uploads.iterdir():
            relative = f"uploads/{path.name}"
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            if path.is_file() and relative not in needed and modified < before:
                path.unlink(missing_ok=True)
                removed += 1
    return removed
