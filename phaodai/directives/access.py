"""Single-record fetches for a user: 404 both when missing and when out of reach (nothing leaks)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from phaodai.directives.models import Directive, Task, TaskReport
from phaodai.directives.selectors import _tasks, directive_search


def directive_get_for_user(*, user: Any, directive_id: int | str) -> Directive:
    try:
        pk = int(directive_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = directive_search(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def task_get_for_user(*, user: Any, task_id: int | str) -> Task:
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = (
        _tasks(user)
        .select_related("unit", "directive__unit", "parent__unit", "assigned_by_unit")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def report_get_for_user(*, user: Any, report_id: int | str) -> TaskReport:
    try:
        pk = int(report_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = (
        TaskReport.objects.unscoped()
        .filter(pk=pk, task_id__in=_tasks(user).values("pk"))
        .select_related("task", "reported_by")
        .first()
    )
    if found is None:
        raise Http404
    return found
