"""The directives app's part of the test world (``tests/world.py``).

Each of the two communes has a plan of its own (a directive issued by the commune, with its
scanned file), a task of it for the commune's own office and a progress report with a file; the
Lùng Phình plan's summary and its task's wording are its secrets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from phaodai.directives.enums import DirectiveKind
from phaodai.directives.models import Directive, Task, TaskReport
from phaodai.directives.services import directive_create, task_assign, task_report_progress

PDF = b"%PDF-1.4\n% world\n"
TODAY = dt.date(2021, 9, 1)


def _plan(
    world: Any, viewer: str, commune: str, summary: str, title: str
) -> tuple[Directive, Task, TaskReport]:
    actor = world.users[viewer]
    unit = world.units[commune]
    directive, _created = directive_create(
        actor=actor,
        unit=unit,
        issuing_body=f"Ban Chỉ đạo phòng, chống dịch Covid-19 {commune.lower()}",
        issued_on=dt.date(2021, 8, 27),
        kind=DirectiveKind.PLAN,
        summary=summary,
        text="Triển khai Công văn của Huyện ủy Bắc Hà.",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF),
        today=TODAY,
    )
    (task,) = task_assign(
        actor=actor,
        directive=directive,
        unit=unit,
        title=title,
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 9, 15),
    )
    report = task_report_progress(
        actor=actor,
        task=task,
        progress=40,
        note="Đã rà soát hai thôn.",
        file=SimpleUploadedFile("bien-ban.pdf", PDF),
        today=TODAY,
    )
    task.refresh_from_db()
    return directive, task, report


def contribute(world: Any) -> None:
    own = _plan(
        world,
        "own_commune",
        "Xã Bản Phố",
        "Kế hoạch rà soát người về từ vùng dịch tại Bản Phố",
        "Rà soát người về từ vùng dịch, thôn Bản Phố",
    )
    other = _plan(
        world,
        "sibling_commune",
        "Xã Lùng Phình",
        "Kế hoạch kiện toàn Tổ Covid cộng đồng Suối Mây",
        "Kiện toàn Tổ Covid cộng đồng thôn Suối Mây",
    )
    world.record("directive_id", own=own[0].pk, other=other[0].pk)
    world.record("task_id", own=own[1].pk, other=other[1].pk)
    world.record("report_id", own=own[2].pk, other=other[2].pk)
    world.secret(other[0].summary, other[1].title)
    world.search("Suối Mây")
    other_ids = (other[0].pk, other[1].pk)

    def state() -> list[Any]:
        directive = (
            Directive.objects.unscoped().filter(pk=other_ids[0]).values_list("summary", "number", "version")
        )
        tasks = (
            Task.objects.unscoped()
            .filter(directive_id=other_ids[0])
            .values_list("pk", "title", "status", "progress", "deadline", "version")
        )
        reports = TaskReport.objects.unscoped().filter(task_id=other_ids[1]).values_list("pk", "kind", "note")
        return [list(directive), list(tasks.order_by("pk")), list(reports.order_by("pk"))]

    world.watch(state)
