"""The sheets app's background task: a long list's export (``sheets.listexport``)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from phaodai.jobs.runner import run_job


@task()
def export_list(job_id: int) -> dict[str, Any]:
    from phaodai.sheets.listexport import list_export_run

    return run_job(job_id, list_export_run)
