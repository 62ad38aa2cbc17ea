"""Tasks used by the jobs tests (a real module path, as a job stores it)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from phaodai.jobs.models import Job
from phaodai.jobs.runner import JobFailed, JobRun, run_job


def _count(run: JobRun) -> dict[str, Any]:
    total = run.params["n"]
    for done in range(0, total + 1, 10):
        run.check_cancelled()
        if run.params.get("cancel_at") == done:
            Job.objects.unscoped().filter(pk=run.job.pk).update(cancel_requested=True)
        run.progress(done, total, f"{done}/{total}")
    if run.params.get("fail"):
        raise JobFailed("Tệp đã tải lên không còn nữa; hãy tải lên lại.")
    if run.params.get("crash"):
        raise RuntimeError("boom")
    path = run.attach("ket-qua.txt", "ket-qua.txt")
    path.write_text(f"{total}\n", encoding="utf-8")
    return {"message": f"Đã đếm đến {total}.", "summary": [{"label": "Số dòng", "value": total}]}


@task()
def count_to(job_id: int) -> dict[str, Any]:
    return run_job(job_id, _count)
