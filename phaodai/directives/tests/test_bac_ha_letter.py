"""The issue's exact test: the Bắc Hà letter (000), its task "establish the commune command centre
before 28/8/2021" for every commune of the district, completed on time, late or not at all; the
exact compliance per commune and for the district; the overdue ones escalated to the district
leader once (run twice: still once)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.models import Alert, AlertDelivery
from phaodai.areas.enums import UnitLevel
from phaodai.areas.tests.factories import make_unit
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.directives.enums import DirectiveKind, TaskStatus, Urgency
from phaodai.directives.models import Task
from phaodai.directives.selectors import (
    compliance_by_office_holder,
    compliance_by_unit,
    overdue_tasks_by_child,
)
from phaodai.directives.services import (
    directive_create,
    task_acknowledge,
    task_assign,
    task_complete,
    task_report_progress,
    tasks_escalate_overdue,
)

LETTER = Path(__file__).resolve().parents[1] / "letters" / "000_a1167d273e697483.txt"
ISSUED = dt.date(2021, 8, 26)
DEADLINE = dt.date(2021, 8, 27)  # "hoàn thành trước ngày 28/8/2021": the 27th is the last day
TODAY = dt.date(2021, 9, 1)


@pytest.fixture
def bac_ha(units):
    district = units["Huyện Bắc Hà"]
    for name in ("Xã Tà Chải", "Xã Na Hối", "Xã Bảo Nhai"):
        units[name] = make_unit(name=name, level=UnitLevel.COMMUNE, parent=district)
    return units


def _enter_letter(actor, district):
    text = LETTER.read_text(encoding="utf-8")
    directive, _ = directive_create(
        actor=actor,
        unit=district,
        issuing_body="Ban Thường vụ Huyện ủy Bắc Hà",
        number="-CV/HU",
        issued_on=ISSUED,
        kind=DirectiveKind.OFFICIAL_LETTER,
        urgency=Urgency.URGENT,
        summary="V/v triển khai thực hiện các biện pháp cấp bách phòng, chống dịch Covid-19",
        recipients="Thường trực Huyện ủy, HĐND, UBND huyện\nĐảng ủy các xã, thị trấn",
        signer="Nguyễn Duy Hoà, Bí thư",
        text=text,
        today=TODAY,
    )
    return directive


def _assign_command_centres(actor, directive, district):
    return task_assign(
        actor=actor,
        directive=directive,
        unit=district,
        every_commune=True,
        title="Thành lập Ban Chỉ đạo và Trung tâm Chỉ huy phòng, chống dịch Covid-19 cấp xã",
        responsible_body="Đảng ủy xã",
        office_holder="Chủ tịch UBND xã",
        deadline=DEADLINE,
        report_required="Quyết định thành lập Trung tâm Chỉ huy, lịch trực 24/24",
    )


def test_bac_ha_letter_compliance_per_commune_and_district_and_escalation_once(bac_ha, district_leader):
    district = bac_ha["Huyện Bắc Hà"]
    commune_names = ["Xã Bản Phố", "Xã Lùng Phình", "Xã Tà Chải", "Xã Na Hối", "Xã Bảo Nhai"]
    officers = {
        name: make_user(role=Role.COMMUNE_LEADER, home_unit=bac_ha[name], username=f"xa{i}")
        for i, name in enumerate(commune_names)
    }
    directive = _enter_letter(district_leader, district)
    assert "trước ngày 28/8/2021" in directive.text

    tasks = _assign_command_centres(district_leader, directive, district)

    # one task per commune of the district, in one call
    by_unit = {task.unit.name: task for task in tasks}
    assert sorted(by_unit) == sorted(commune_names)
    assert {task.assigned_by_unit_id for task in tasks} == {district.pk}
    # Bản Phố and Tà Chải on time, Na Hối late, Lùng Phình in progress, Bảo Nhai never acknowledged
    task_complete(
        actor=officers["Xã Bản Phố"],
        task=by_unit["Xã Bản Phố"],
        completed_on=dt.date(2021, 8, 27),
        note="Quyết định số 112/QĐ-UBND ngày 27/8/2021 thành lập Trung tâm Chỉ huy.",
        today=TODAY,
    )
    task_acknowledge(actor=officers["Xã Tà Chải"], task=by_unit["Xã Tà Chải"], today=dt.date(2021, 8, 26))
    task_complete(
        actor=officers["Xã Tà Chải"],
        task=by_unit["Xã Tà Chải"],
        completed_on=dt.date(2021, 8, 26),
        note="Đã thành lập, Chủ tịch UBND xã là Chỉ huy trưởng.",
        today=TODAY,
    )
    task_complete(
        actor=officers["Xã Na Hối"],
        task=by_unit["Xã Na Hối"],
        completed_on=dt.date(2021, 8, 30),
        note="Thành lập chậm do Chủ tịch xã đi công tác.",
        today=TODAY,
    )
    task_report_progress(
        actor=officers["Xã Lùng Phình"],
        task=by_unit["Xã Lùng Phình"],
        progress=50,
        note="Đã có dự thảo quyết định.",
        today=dt.date(2021, 8, 28),
    )

    table = compliance_by_unit(user=district_leader, unit=district, on=TODAY)
    figures = {
        row.label: (row.total, row.on_time, row.late, row.open, row.overdue, row.not_acknowledged)
        for row in table
    }
    assert figures == {
        "Xã Bản Phố": (1, 1, 0, 0, 0, 0),
        "Xã Lùng Phình": (1, 0, 0, 1, 1, 0),
        "Xã Tà Chải": (1, 1, 0, 0, 0, 0),
        "Xã Na Hối": (1, 0, 1, 0, 0, 0),
        "Xã Bảo Nhai": (1, 0, 0, 1, 1, 1),
    }
    total = table.total
    assert (total.total, total.on_time, total.late, total.open, total.overdue, total.not_acknowledged) == (
        5,
        2,
        1,
        2,
        2,
        1,
    )
    assert total.on_time_percent == 40
    # the district is the sum of its communes
    for name in ("total", "on_time", "late", "open", "overdue", "not_acknowledged"):
        assert getattr(total, name) == sum(getattr(row, name) for row in table)

    # as of the deadline nobody was late yet: Na Hối was still open, Lùng Phình not acknowledged
    on_deadline = compliance_by_unit(user=district_leader, unit=district, on=DEADLINE).total
    assert (on_deadline.on_time, on_deadline.late, on_deadline.open, on_deadline.overdue) == (2, 0, 3, 0)
    assert on_deadline.not_acknowledged == 3

    # the province sees the district as one row with the same figures
    province_leader = make_user(role=Role.PROVINCE_LEADER, home_unit=bac_ha["Tỉnh Lào Cai"], username="tinh")
    province = compliance_by_unit(user=province_leader, unit=bac_ha["Tỉnh Lào Cai"], on=TODAY)
    assert province.row(district).total == 5
    assert province.row(district).on_time == 2
    assert province.row(bac_ha["Huyện Si Ma Cai"]).total == 0

    # per office holder, ranked: on time first, then late, then the open ones (fewest overdue)
    ranked = compliance_by_office_holder(user=district_leader, unit=district, on=TODAY)
    assert [row.label.split(" · ")[1] for row in ranked] == [
        "Xã Bản Phố",
        "Xã Tà Chải",
        "Xã Na Hối",
        "Xã Lùng Phình",
        "Xã Bảo Nhai",
    ]
    assert {row.office_holder for row in ranked} == {"Chủ tịch UBND xã"}

    # the unit page's figure: overdue tasks per commune (today is long after the deadline)
    assert overdue_tasks_by_child(user=district_leader, unit=district) == {
        bac_ha["Xã Lùng Phình"].path: 1,
        bac_ha["Xã Bảo Nhai"].path: 1,
    }

    # escalation: the two overdue tasks reach the district leader in one alert, once
    now = dt.datetime(2021, 9, 1, 1, 0, tzinfo=dt.UTC)
    first = tasks_escalate_overdue(now=now)
    second = tasks_escalate_overdue(now=now + dt.timedelta(hours=1))
    assert len(first) == 1
    assert second == []
    alert = Alert.objects.unscoped().get()
    assert alert.recipient_role == Role.DISTRICT_LEADER
    assert alert.recipient_unit == district
    assert alert.params == {"n": 2, "directive": str(directive)}
    assert alert.events == 1
    assert list(AlertDelivery.objects.values_list("user__username", flat=True)) == ["lanhdao_bacha"]
    escalated = Task.objects.unscoped().filter(escalated_at__isnull=False)
    assert sorted(escalated.values_list("unit__name", flat=True)) == ["Xã Bảo Nhai", "Xã Lùng Phình"]
    assert AuditEvent.objects.unscoped().filter(event="directives.task_escalated").count() == 2


def test_a_deadline_before_the_directive_is_refused_and_nothing_saved(bac_ha, district_leader):
    district = bac_ha["Huyện Bắc Hà"]
    directive = _enter_letter(district_leader, district)
    before = AuditEvent.objects.unscoped().count()
    with pytest.raises(ValidationError) as refused:
        task_assign(
            actor=district_leader,
            directive=directive,
            unit=district,
            every_commune=True,
            title="Thành lập Trung tâm Chỉ huy cấp xã",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            deadline=dt.date(2021, 8, 25),
        )
    assert refused.value.message_dict == {
        "deadline": ["Hạn hoàn thành 25/08/2021 không được trước ngày ban hành văn bản (26/08/2021)."]
    }
    assert Task.objects.unscoped().count() == 0
    assert AuditEvent.objects.unscoped().count() == before


def test_tasks_done_are_not_escalated_and_status_follows_reports(bac_ha, district_leader):
    district = bac_ha["Huyện Bắc Hà"]
    directive = _enter_letter(district_leader, district)
    tasks = _assign_command_centres(district_leader, directive, district)
    for task in tasks:
        task_complete(
            actor=district_leader, task=task, completed_on=DEADLINE, note="Đã thành lập.", today=TODAY
        )
    assert set(Task.objects.unscoped().values_list("status", flat=True)) == {TaskStatus.DONE}
    assert tasks_escalate_overdue(now=dt.datetime(2021, 9, 1, 1, 0, tzinfo=dt.UTC)) == []
    assert Alert.objects.unscoped().count() == 0


def test_the_command_and_the_task_escalate_once(bac_ha, district_leader):
    from io import StringIO

    from django.core.management import call_command

    from phaodai.directives.tasks import escalate_overdue_tasks

    district = bac_ha["Huyện Bắc Hà"]
    directive = _enter_letter(district_leader, district)
    _assign_command_centres(district_leader, directive, district)
    out = StringIO()
    call_command("escalate_overdue_tasks", stdout=out)
    assert out.getvalue() == "Đã gửi 1 cảnh báo nhiệm vụ quá hạn.\n"
    assert escalate_overdue_tasks.call() == 0
    assert Alert.objects.unscoped().get().params["n"] == 5
