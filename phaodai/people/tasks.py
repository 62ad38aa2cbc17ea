"""The people app's background tasks: each takes the job's id and calls one service."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from phaodai.jobs.runner import run_job


@task()
def import_residents(job_id: int) -> dict[str, Any]:
    from phaodai.people.services.imports import residents_import_run

    return run_job(job_id, residents_import_run)
