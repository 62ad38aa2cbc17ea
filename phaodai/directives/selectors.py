"""Reads of the directives app. Every one takes the requesting user and starts from ``for_user``.

A directive is visible to the users of its issuing unit's jurisdiction and to the units it gave
a task to (a commune reads the district letter that tasks it); a task and its reports to the
jurisdiction of the responsible unit and of the unit that assigned it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.areas.selectors import unit_children
from phaodai.core.access import has_capability
from phaodai.core.queries import prefix_q
from phaodai.core.roles import Capability
from phaodai.core.text import fold
from phaodai.directives.enums import TaskStatus
from phaodai.directives.models import Directive, Task, TaskReport

TASK_FILTERS = ("open", "overdue", "not_acknowledged", "done", "late")


def directive_search(
    *,
    user: Any,
    query: str = "",
    unit: AdminUnit | None = None,
    kind: str = "",
    urgency: str = "",
    year: int | None = None,
) -> QuerySet[Directive]:
    """Directives the user may read: issued in their jurisdiction, or tasking a unit in it."""
    if not has_capability(user, Capability.VIEW_DIRECTIVES):
        return Directive.objects.none()
    tasked = Task.objects.for_user(user)
    issued = Directive.objects.for_user(user)
    if unit is not None:
        tasked = tasked.within(unit.path)
        issued = issued.within(unit.path)
    directives = Directive.objects.unscoped().filter(
        Q(pk__in=issued.values("pk")) | Q(pk__in=tasked.values("directive_id"))
    )
    if kind:
        directives = directives.filter(kind=kind)
    if urgency:
        directives = directives.filter(urgency=urgency)
    if year:
        directives = directives.filter(issued_on__year=year)
    query = query.strip()
    if query:
        directives = directives.filter(
            Q(number__icontains=query)
            | Q(summary__icontains=query)
            | Q(issuing_body__icontains=query)
            | Q(summary__icontains=fold(query))
        )
    return directives.select_related("unit").annotate(task_count=Count("tasks")).order_by("-issued_on", "-pk")


def _tasks(user: Any) -> QuerySet[Task]:
    """Tasks of the units in the user's jurisdiction (the unit that assigned one is always above
    the responsible unit, so its users see it too)."""
    if not has_capability(user, Capability.VIEW_DIRECTIVES):
        return Task.objects.none()
    return Task.objects.for_user(user)


def task_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    directive: Directive | None = None,
    state: str = "",
    query: str = "",
    today: dt.date,
) -> QuerySet[Task]:
    """A unit's task inbox (the tasks of ``unit`` and below), or a directive's tasks; ``state`` one
    of ``TASK_FILTERS``: open, overdue (open past the deadline), not acknowledged, done, done late."""
    tasks = _tasks(user)
    if unit is not None:
        tasks = tasks.filter(prefix_q("area_path", unit.path))
    if directive is not None:
        tasks = tasks.filter(directive=directive)
    if state == "open":
        tasks = tasks.exclude(status=TaskStatus.DONE)
    elif state == "overdue":
        tasks = tasks.exclude(status=TaskStatus.DONE).filter(deadline__lt=today)
    elif state == "not_acknowledged":
        tasks = tasks.filter(status=TaskStatus.ASSIGNED)
    elif state == "done":
        tasks = tasks.filter(status=TaskStatus.DONE)
    elif state == "late":
        tasks = tasks.filter(status=TaskStatus.DONE, completed_on__gt=F("deadline"))
    query = query.strip()
    if query:
        tasks = tasks.filter(
            Q(title__icontains=query) | Q(office_holder__icontains=query) | Q(unit__name__icontains=query)
        )
    return tasks.select_related("unit", "directive", "parent").order_by("deadline", "area_path", "pk")


def task_children(*, user: Any, task: Task) -> QuerySet[Task]:
    return _tasks(user).filter(parent=task).select_related("unit").order_by("area_path", "pk")


def task_reports(*, user: Any, task: Task) -> QuerySet[TaskReport]:
    reports = TaskReport.objects.unscoped().filter(task_id__in=_tasks(user).filter(pk=task.pk).values("pk"))
    return reports.select_related("reported_by").order_by("-reported_on", "-pk")


# --- compliance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    """How one unit (its whole subtree) or one office holder did on its tasks, as of a day.

    ``on_time`` done by the deadline, ``late`` done after it, ``open`` not done (of which
    ``overdue`` past the deadline, ``not_acknowledged`` never acknowledged).
    """

    label: str
    unit: AdminUnit | None
    total: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0
    not_acknowledged: int = 0
    office_holder: str = ""

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_percent(self) -> int | None:
        """Tasks done on time, in whole percent of all tasks (None without tasks)."""
        if not self.total:
            return None
        return round(100 * self.on_time / self.total)


@dataclass
class ComplianceTable:
    """The rows of a unit's children (and of the unit's own tasks, if any) and their total."""

    unit: AdminUnit
    on: dt.date
    total: ComplianceRow
    rows: list[ComplianceRow] = field(default_factory=list)

    def __iter__(self) -> Iterator[ComplianceRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, unit: AdminUnit) -> ComplianceRow:
        for row in self.rows:
            if row.unit is not None and row.unit.pk == unit.pk:
                return row
        raise KeyError(unit.name)


def _figures(on: dt.date) -> dict[str, Any]:
    done = Q(completed_on__isnull=False, completed_on__lte=on)
    open_ = ~done
    return {
        "total": Count("pk"),
        "on_time": Count("pk", filter=done & Q(completed_on__lte=F("deadline"))),
        "late": Count("pk", filter=done & Q(completed_on__gt=F("deadline"))),
        "open": Count("pk", filter=open_),
        "overdue": Count("pk", filter=open_ & Q(deadline__lt=on)),
        "not_acknowledged": Count(
            "pk", filter=open_ & (Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gt=on))
        ),
    }


_FIGURES = ("total", "on_time", "late", "open", "overdue", "not_acknowledged")


def _scoped_tasks(user: Any, unit: AdminUnit, directive: Directive | None) -> QuerySet[Task]:
    if not has_capability(user, Capability.VIEW_DIRECTIVES):
        return Task.objects.none()
    tasks = Task.objects.for_user(user).within(unit.path)
    if directive is not None:
        tasks = tasks.filter(directive=directive)
    return tasks


def compliance_by_unit(
    *, user: Any, unit: AdminUnit, on: dt.date, directive: Directive | None = None
) -> ComplianceTable:
    """Compliance of each child of ``unit`` (its subtree's tasks) as of ``on``, in one aggregate;
    the total is the unit's whole subtree (a district = the sum of its communes, plus any task
    of the district itself, shown as its own row). Figures count the tasks the user may see."""
    tasks = _scoped_tasks(user, unit, directive)
    children = list(unit_children(user=user, unit=unit))
    width = len(children[0].path) if children else len(unit.path)
    grouped = {
        row["branch"]: row
        for row in tasks.annotate(branch=Substr("area_path", 1, width))
        .values("branch")
        .annotate(**_figures(on))
        .order_by("branch")
    }
    rows: list[ComplianceRow] = []
    own = grouped.get(unit.path)
    if own is not None:
        rows.append(ComplianceRow(label=unit.name, unit=unit, **{name: own[name] for name in _FIGURES}))
    for child in children:
        found = grouped.get(child.path)
        figures = {name: found[name] for name in _FIGURES} if found else {}
        rows.append(ComplianceRow(label=child.name, unit=child, **figures))
    totals = {name: sum(getattr(row, name) for row in rows) for name in _FIGURES}
    return ComplianceTable(
        unit=unit, on=on, total=ComplianceRow(label=unit.name, unit=unit, **totals), rows=rows
    )


def compliance_by_office_holder(
    *, user: Any, unit: AdminUnit, on: dt.date, directive: Directive | None = None
) -> list[ComplianceRow]:
    """One row per responsible unit and office holder ("Chủ tịch UBND xã" of Xã Bản Phố) under
    ``unit``, ranked for reviews and rewards: the largest share done on time first, then fewest overdue, then
    fewest never acknowledged."""
    tasks = _scoped_tasks(user, unit, directive)
    grouped = list(
        tasks.values("unit_id", "unit__name", "office_holder").annotate(**_figures(on)).order_by("unit__name")
    )
    units = {u.pk: u for u in AdminUnit.objects.unscoped().filter(pk__in={row["unit_id"] for row in grouped})}
    rows = [
        ComplianceRow(
            label=f"{row['office_holder']} · {row['unit__name']}",
            unit=units.get(row["unit_id"]),
            office_holder=row["office_holder"],
            **{name: row[name] for name in _FIGURES},
        )
        for row in grouped
    ]
    return sorted(
        rows,
        key=lambda r: (
            -(r.on_time / r.total if r.total else 0),
            r.overdue,
            r.not_acknowledged,
            -r.on_time,
            fold(r.label),
        ),
    )


def home_figures(*, user: Any, unit: AdminUnit | None, today: dt.date | None = None) -> dict[str, int]:
    """The home card: the unit's tasks open, overdue, not acknowledged (one query)."""
    today = today or timezone.localdate()
    tasks = task_search(user=user, unit=unit, today=today)
    figures = tasks.aggregate(
        open=Count("pk", filter=~Q(status=TaskStatus.DONE)),
        overdue=Count("pk", filter=~Q(status=TaskStatus.DONE) & Q(deadline__lt=today)),
        not_acknowledged=Count("pk", filter=Q(status=TaskStatus.ASSIGNED)),
    )
    return {key: int(value or 0) for key, value in figures.items()}


def issuing_body_for(*, user: Any, unit: AdminUnit | None) -> str:
    """The name of the unit's steering committee (the usual issuing body), if the user sees one."""
    if unit is None:
        return ""
    from phaodai.command.models import SteeringCommittee

    committee = SteeringCommittee.objects.for_user(user).filter(unit=unit).first()
    return committee.name if committee is not None else ""


def overdue_tasks_by_child(*, user: Any, unit: AdminUnit | None) -> dict[str, int]:
    """Tasks not done past their deadline under each child of ``unit`` (by the child's path) and,
    under the unit's own path, those of the unit itself: the unit page's figure. One query."""
    if unit is None:
        return {}
    today = timezone.localdate()
    child_path = Substr("area_path", 1, len(unit.path) + PATH_SEGMENT_WIDTH + 1)
    rows = (
        task_search(user=user, unit=unit, state="overdue", today=today)
        .order_by()
        .annotate(child=child_path)
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}
