"""Background work of the directives: telling leaders of overdue tasks (run daily, or by cron)."""

from __future__ import annotations

from django_tasks import task

from phaodai.directives.services import tasks_escalate_overdue


@task()
def escalate_overdue_tasks() -> int:
    """Alert each assigning body's leader once of its tasks now overdue; returns how many alerts."""
    return len(tasks_escalate_overdue())
