"""The announcements app's background tasks: each takes the job's id and calls one service."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from phaodai.jobs.runner import run_job


@task()
def make_audio(job_id: int) -> dict[str, Any]:
    from phaodai.announcements.services import announcement_audio_run

    return run_job(job_id, announcement_audio_run)
