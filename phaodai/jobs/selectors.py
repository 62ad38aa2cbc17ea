"""Reading jobs: a user sees the jobs they started, inside their jurisdiction."""

from __future__ import annotations

from django.db.models import QuerySet

from phaodai.accounts.models import User
from phaodai.core.access import get_or_404
from phaodai.jobs.models import Job


def jobs_of(*, user: User) -> QuerySet[Job]:
    return (
        Job.objects.for_user(user)
        .filter(created_by=user)
        .select_related("unit")
        .order_by("-created_at", "-pk")
    )


def job_get_for_user(*, user: User, job_id: int | str) -> Job:
    """One of the user's jobs; 404 whether it is missing, someone else's or out of reach."""
    return get_or_404(jobs_of(user=user), pk=job_id)
