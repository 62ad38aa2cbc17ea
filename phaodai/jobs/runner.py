"""Running a job's work inside its task: claim, progress, cancel, outcome, and telling the starter.

A task of any app is three lines::

    @task()
    def import_residents(job_id: int) -> dict[str, Any]:
        return run_job(job_id, residents_import_run)

``work(run)`` does the job in batches, calls ``run.progress(done, total, message)`` after each
(which also records that the worker is alive) and ``run.check_cancelled()`` between them
(raising ``JobCancelled`` when the user asked to stop). It returns the result summary, may
attach a file (``run.attach``), and raises ``JobFailed(message)`` for a failure the user can
act on (a file that cannot be read). Any other exception marks the job failed with a generic
message and propagates, so the task backend records the traceback too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from phaodai.alerts.enums import Severity
from phaodai.alerts.services import Recipient, alert_raise
from phaodai.jobs import files
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job

logger = logging.getLogger(__name__)


class JobCancelled(Exception):  # noqa: N818 - a signal to stop, not an error
    """The user asked to stop; raised between batches."""


class JobFailed(Exception):  # noqa: N818 - reads as the outcome it is
    """A failure with a message for the user (in Vietnamese)."""


class JobRun:
    """The running job as its work sees it."""

    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = self.job.params
        return params

    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Record how far the work is (in the caller's transaction, if any) and that it is alive."""
        self.job.done = done
        values: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            self.job.total = values["total"] = total
        if message is not None:
            self.job.message = values["message"] = message[:300]
        Job.objects.unscoped().filter(pk=self.job.pk).update(**values)

    def cancel_requested(self) -> bool:
        return Job.objects.unscoped().filter(pk=self.job.pk, cancel_requested=True).exists()

    def check_cancelled(self) -> None:
        if self.cancel_requested():
            raise JobCancelled

    def attach(self, name: str, download_name: str) -> Path:
        """A path to write the job's result file to; the job's page offers it for download."""
        path, relative = files.result_path(self.job.uuid, name)
        self.job.result_file, self.job.result_name = relative, download_name
        Job.objects.unscoped().filter(pk=self.job.pk).update(result_file=relative, result_name=download_name)
        return path


def _claim(job_id: int) -> Job | None:
    """The job, now running in this worker; None if it is not waiting (cancelled, or run already)."""
    from phaodai.jobs.services import this_worker

    with transaction.atomic():
        job = (
            Job.objects.unscoped()
            .select_for_update(of=("self",))  # the unit is an outer join (a job may have none)
            .select_related("created_by", "unit")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != JobStatus.QUEUED:
            return None
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.started_at = job.heartbeat_at = now
        job.worker = this_worker()
        job.attempts += 1
        job.message = _("Đang xử lý…")
        job.save(
            update_fields=[
                "status",
                "started_at",
                "heartbeat_at",
                "worker",
                "attempts",
                "message",
                "updated_at",
            ]
        )
    return job


def _finish(
    job: Job, status: JobStatus, *, message: str, error: str = "", result: dict[str, Any] | None = None
) -> None:
    job.status, job.message, job.error = status, message[:300], error
    job.finished_at = timezone.now()
    if result is not None:
        job.result = result
    job.save(update_fields=["status", "message", "error", "finished_at", "result", "updated_at"])
    notify_finished(job)


def run_job(job_id: int, work: Callable[[JobRun], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` for the job; the job row says how it ended (see the module docstring)."""
    job = _claim(job_id)
    if job is None:
        return {"skipped": True}
    run = JobRun(job)
    with override(settings.LANGUAGE_CODE):  # stored messages are in the working language
        try:
            result = work(run)
        except JobCancelled:
            job.refresh_from_db()
            _finish(job, JobStatus.CANCELLED, message=_("Đã huỷ theo yêu cầu."), result=job.result)
            return {"cancelled": True}
        except JobFailed as failure:
            job.refresh_from_db()
            _finish(job, JobStatus.FAILED, message=_("Bị lỗi."), error=str(failure))
            return {"failed": str(failure)}
        except Exception:
            logger.exception("Job %s failed", job_id)
            job.refresh_from_db()
            _finish(
                job,
                JobStatus.FAILED,
                message=_("Bị lỗi."),
                error=_("Lỗi hệ thống khi xử lý; quản trị viên đã được ghi nhận. Hãy thử chạy lại."),
            )
            raise
        job.refresh_from_db()
        _finish(job, JobStatus.SUCCEEDED, message=str(result.get("message", _("Đã xong."))), result=result)
    return result


def notify_finished(job: Job) -> None:
    """Tell the user who started the job how it ended (an in-app alert, grouped per job)."""
    if job.status == JobStatus.SUCCEEDED:
        severity, reason = Severity.INFO, "job_succeeded"
        subject = gettext_noop("Đã xong: %(label)s")
    elif job.status == JobStatus.FAILED:
        severity, reason = Severity.WARNING, "job_failed"
        subject = gettext_noop("Bị lỗi: %(label)s")
    else:
        return
    alert_raise(
        recipients=[Recipient.of_user(job.created_by)],
        severity=severity,
        subject=subject,
        params={"label": job.label},
        body=job.error or job.message,
        link=reverse("jobs:detail", kwargs={"job_id": job.pk}),
        target=job,
        reason=reason,
        unit=job.unit,
        escalate=False,
    )
