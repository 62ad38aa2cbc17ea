"""Writes of the directives app: directives, tasks (fan-out, pass-down), reports, escalation.

All keyword-only, actor first, ``@transaction.atomic``; ``PermissionDenied`` without the
capability or outside the jurisdiction, ``ValidationError`` with Vietnamese messages keyed by
field and a ``DirectivesErrorCode`` (all field errors at once); one audit row per record changed,
in the same transaction. A refused call writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from phaodai.accounts.models import User
from phaodai.alerts.enums import Severity
from phaodai.alerts.models import Alert
from phaodai.alerts.services import Recipient, alert_raise
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.core.access import is_scoped
from phaodai.core.plugins import project_apps
from phaodai.core.roles import Capability, Role
from phaodai.core.services import create_once, require, require_in_jurisdiction
from phaodai.directives import events
from phaodai.directives.enums import DirectiveKind, ReportFrequency, ReportKind, TaskStatus, Urgency
from phaodai.directives.errors import DirectivesErrorCode as Code
from phaodai.directives.files import display_name, file_errors
from phaodai.directives.models import Directive, Task, TaskReport

DIRECTIVE_FIELDS = (
    "unit",
    "issuing_body",
    "number",
    "issued_on",
    "kind",
    "urgency",
    "summary",
    "recipients",
    "signer",
    "text",
    "file_name",
)
TASK_FIELDS = (
    "directive",
    "parent",
    "unit",
    "assigned_by_unit",
    "assigned_by_body",
    "title",
    "details",
    "responsible_body",
    "office_holder",
    "cooperating",
    "deadline",
    "report_required",
    "report_frequency",
)
TASK_EDIT_FIELDS = (
    "title",
    "details",
    "responsible_body",
    "office_holder",
    "cooperating",
    "deadline",
    "report_required",
    "report_frequency",
)
REPORT_STATE_FIELDS = ("status", "progress", "acknowledged_on", "completed_on")
OVERDUE_REASON = "directives.task_overdue"
# The leader an overdue task is escalated to, by the level of the unit that assigned it.
LEADER_OF_LEVEL: dict[int, str] = {
    UnitLevel.PROVINCE: Role.PROVINCE_LEADER,
    UnitLevel.DISTRICT: Role.DISTRICT_LEADER,
    UnitLevel.COMMUNE: Role.COMMUNE_LEADER,
}


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _raise(errors: Mapping[str, list[ValidationError]]) -> None:
    if any(errors.values()):
        raise ValidationError({field: found for field, found in errors.items() if found})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- directives ---------------------------------------------------------------------------


def _clean_directive(
    *, actor: User, values: Mapping[str, Any], today: dt.date, has_file: bool
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    required = {
        "unit": _("Hãy chọn đơn vị ban hành."),
        "issuing_body": _("Hãy ghi cơ quan ban hành (ví dụ: Ban Chỉ đạo phòng, chống dịch COVID-19 huyện)."),
        "issued_on": _("Hãy ghi ngày ban hành."),
        "summary": _("Hãy ghi trích yếu nội dung văn bản."),
        "kind": _("Hãy chọn loại văn bản."),
    }
    for field, message in required.items():
        if _blank(values.get(field)):
            errors[field].append(ValidationError(message, code=Code.REQUIRED))
    unit = values.get("unit")
    if unit is not None and not _in_jurisdiction(actor, unit.path):
        errors["unit"].append(
            ValidationError(
                _("%(unit)s nằm ngoài địa bàn bạn phụ trách.") % {"unit": unit.name},
                code=Code.UNIT_OUTSIDE_ISSUER,
            )
        )
    if not _blank(values.get("kind")) and values["kind"] not in DirectiveKind.values:
        errors["kind"].append(
            ValidationError(_("Loại văn bản không có trong danh mục."), code=Code.KIND_UNKNOWN)
        )
    if values.get("urgency") not in Urgency.values:
        errors["urgency"].append(
            ValidationError(_("Độ khẩn không có trong danh mục."), code=Code.URGENCY_UNKNOWN)
        )
    issued_on = values.get("issued_on")
    if isinstance(issued_on, dt.date) and issued_on > today:
        errors["issued_on"].append(
            ValidationError(_("Ngày ban hành không được sau hôm nay."), code=Code.ISSUED_IN_FUTURE)
        )
    if _blank(values.get("text")) and not has_file:
        errors["text"].append(
            ValidationError(_("Hãy chép nội dung văn bản hoặc đính kèm tệp văn bản."), code=Code.TEXT_OR_FILE)
        )
    return errors


def _in_jurisdiction(actor: User, path: str) -> bool:
    from phaodai.core.access import in_jurisdiction

    return in_jurisdiction(actor, path)


@transaction.atomic
def directive_create(
    *,
    actor: User,
    unit: AdminUnit,
    issuing_body: str,
    issued_on: dt.date,
    kind: str,
    summary: str,
    number: str = "",
    urgency: str = Urgency.NORMAL,
    recipients: str = "",
    signer: str = "",
    text: str = "",
    file: Any = None,
    uuid: uuid_module.UUID | None = None,
    today: dt.date | None = None,
) -> tuple[Directive, bool]:
    """Enter a directive received or issued by ``unit`` (``(directive, created)``; a uuid sent
    again returns the stored one)."""
    require(actor, Capability.ISSUE_DIRECTIVES)
    values = {
        "unit": unit,
        "issuing_body": issuing_body,
        "number": number,
        "issued_on": issued_on,
        "kind": kind,
        "urgency": urgency,
        "summary": summary,
        "recipients": recipients,
        "signer": signer,
        "text": text,
    }
    errors = _clean_directive(
        actor=actor, values=values, today=today or timezone.localdate(), has_file=file is not None
    )
    errors["file"] = file_errors(file)
    _raise(errors)

    def create() -> Directive:
        directive = Directive(**values, created_by=actor)
        if uuid is not None:
            directive.uuid = uuid
        if file is not None:
            directive.file_name = display_name(file)
            directive.file.save(f"{uuid_module.uuid4().hex}{_suffix(file)}", file, save=False)
        return audited_create(directive, actor=actor, event=events.DIRECTIVE_CREATED, fields=DIRECTIVE_FIELDS)

    return create_once(Directive, actor=actor, uuid=uuid, create=create)


def _suffix(upload: Any) -> str:
    from pathlib import PurePath

    return PurePath(str(upload.name)).suffix.lower()


@transaction.atomic
def directive_update(
    *,
    actor: User,
    directive: Directive,
    expected_version: int | None = None,
    today: dt.date | None = None,
    file: Any = None,
    **fields: Any,
) -> Directive:
    """Correct a directive's particulars (``expected_version``: the version the editor read)."""
    allowed = set(DIRECTIVE_FIELDS) - {"unit", "file_name"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise TypeError(f"directive_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.ISSUE_DIRECTIVES)
    directive = Directive.objects.unscoped().select_for_update().select_related("unit").get(pk=directive.pk)
    require_in_jurisdiction(actor, directive.area_path)
    check_version(directive, expected_version)
    values = {field: getattr(directive, field) for field in DIRECTIVE_FIELDS}
    values.update(fields)
    errors = _clean_directive(
        actor=actor,
        values=values,
        today=today or timezone.localdate(),
        has_file=file is not None or bool(directive.file),
    )
    errors["file"] = file_errors(file)
    issued_on = values["issued_on"]
    if isinstance(issued_on, dt.date):
        earliest = Task.objects.unscoped().filter(directive=directive).order_by("deadline").first()
        if earliest is not None and earliest.deadline < issued_on:
            errors["issued_on"].append(
                ValidationError(
                    _("Đã có nhiệm vụ hạn %(deadline)s: ngày ban hành không được sau hạn đó.")
                    % {"deadline": _d(earliest.deadline)},
                    code=Code.DEADLINE_BEFORE_DIRECTIVE,
                )
            )
    _raise(errors)
    if file is not None:
        values["file_name"] = display_name(file)
        directive.file.save(f"{uuid_module.uuid4().hex}{_suffix(file)}", file, save=False)
        directive.save(update_fields=["file"])
    audited_update(
        directive,
        actor=actor,
        event=events.DIRECTIVE_UPDATED,
        fields=DIRECTIVE_FIELDS,
        values={k: v for k, v in values.items() if k != "unit"},
        expected_version=expected_version,
    )
    return directive


# --- tasks --------------------------------------------------------------------------------


def communes_of(unit: AdminUnit) -> list[AdminUnit]:
    """Every commune, ward and township of ``unit`` (itself when it is one), in path order."""
    if unit.level == UnitLevel.COMMUNE:
        return [unit]
    return list(AdminUnit.objects.within(unit.path).filter(level=UnitLevel.COMMUNE).order_by("path"))


def _clean_task(values: Mapping[str, Any]) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    required = {
        "title": _("Hãy ghi nội dung nhiệm vụ."),
        "responsible_body": _("Hãy ghi cơ quan chủ trì (ví dụ: UBND xã)."),
        "office_holder": _("Hãy ghi người đứng đầu chịu trách nhiệm (ví dụ: Chủ tịch UBND xã)."),
        "deadline": _("Hãy ghi hạn hoàn thành."),
    }
    for field, message in required.items():
        if _blank(values.get(field)):
            errors[field].append(ValidationError(message, code=Code.REQUIRED))
    if values.get("report_frequency") not in ReportFrequency.values:
        errors["report_frequency"].append(
            ValidationError(_("Tần suất báo cáo không có trong danh mục."), code=Code.FREQUENCY_UNKNOWN)
        )
    return errors


def _deadline_errors(deadline: Any, directive: Directive, parent: Task | None) -> list[ValidationError]:
    if not isinstance(deadline, dt.date):
        return []
    found: list[ValidationError] = []
    if deadline < directive.issued_on:
        found.append(
            ValidationError(
                _("Hạn hoàn thành %(deadline)s không được trước ngày ban hành văn bản (%(issued)s).")
                % {"deadline": _d(deadline), "issued": _d(directive.issued_on)},
                code=Code.DEADLINE_BEFORE_DIRECTIVE,
            )
        )
    if parent is not None and deadline > parent.deadline:
        found.append(
            ValidationError(
                _(
                    "Hạn giao cho cấp dưới %(deadline)s không được muộn hơn hạn của nhiệm vụ cấp trên "
                    "(%(parent)s)."
                )
                % {"deadline": _d(deadline), "parent": _d(parent.deadline)},
                code=Code.DEADLINE_AFTER_PARENT,
            )
        )
    return found


def _targets(unit: AdminUnit | None, every_commune: bool) -> list[AdminUnit]:
    if unit is None:
        return []
    return communes_of(unit) if every_commune else [unit]


def _assign(
    *,
    actor: User,
    directive: Directive,
    parent: Task | None,
    assigned_by_unit: AdminUnit,
    assigned_by_body: str,
    unit: AdminUnit | None,
    every_commune: bool,
    values: dict[str, Any],
) -> list[Task]:
    errors = _clean_task(values)
    errors["deadline"].extend(_deadline_errors(values.get("deadline"), directive, parent))
    targets = _targets(unit, every_commune)
    if unit is None:
        errors["unit"].append(ValidationError(_("Hãy chọn đơn vị chủ trì."), code=Code.REQUIRED))
    elif parent is None and not unit.path.startswith(directive.unit.path):
        errors["unit"].append(
            ValidationError(
                _("%(unit)s không thuộc %(issuer)s, đơn vị ban hành văn bản.")
                % {"unit": unit.name, "issuer": directive.unit.name},
                code=Code.UNIT_OUTSIDE_ISSUER,
            )
        )
    elif parent is not None and (
        not unit.path.startswith(parent.unit.path) or any(t.pk == parent.unit_id for t in targets)
    ):
        errors["unit"].append(
            ValidationError(
                _("Chỉ giao tiếp được cho đơn vị cấp dưới của %(unit)s.") % {"unit": parent.unit.name},
                code=Code.PASS_DOWN_BELOW,
            )
        )
    elif not targets:
        errors["unit"].append(
            ValidationError(
                _("%(unit)s không có xã, phường, thị trấn nào để giao.") % {"unit": unit.name},
                code=Code.NO_COMMUNES,
            )
        )
    _raise(errors)
    created: list[Task] = []
    for target in targets:
        task = Task(
            directive=directive,
            parent=parent,
            unit=target,
            assigned_by_unit=assigned_by_unit,
            assigned_by_body=assigned_by_body,
            **values,
        )
        created.append(
            audited_create(
                task,
                actor=actor,
                event=events.TASK_PASSED_DOWN if parent is not None else events.TASK_ASSIGNED,
                fields=TASK_FIELDS,
                params={"parent": parent.pk} if parent is not None else None,
            )
        )
    return created


def _task_values(
    *,
    title: str,
    responsible_body: str,
    office_holder: str,
    deadline: dt.date | None,
    details: str,
    cooperating: str,
    report_required: str,
    report_frequency: str,
) -> dict[str, Any]:
    return {
        "title": title,
        "responsible_body": responsible_body,
        "office_holder": office_holder,
        "deadline": deadline,
        "details": details,
        "cooperating": cooperating,
        "report_required": report_required,
        "report_frequency": report_frequency,
    }


@transaction.atomic
def task_assign(
    *,
    actor: User,
    directive: Directive,
    unit: AdminUnit | None,
    title: str,
    responsible_body: str,
    office_holder: str,
    deadline: dt.date | None,
    every_commune: bool = False,
    details: str = "",
    cooperating: str = "",
    report_required: str = "",
    report_frequency: str = ReportFrequency.ONCE,
) -> list[Task]:
    """Assign a task of ``directive`` to ``unit``, or (``every_commune``) one task to each commune
    of it, all in this one transaction. The deadline may not be before the directive's date."""
    require(actor, Capability.ISSUE_DIRECTIVES)
    require_in_jurisdiction(actor, directive.area_path)
    return _assign(
        actor=actor,
        directive=directive,
        parent=None,
        assigned_by_unit=directive.unit,
        assigned_by_body=directive.issuing_body,
        unit=unit,
        every_commune=every_commune,
        values=_task_values(
            title=title,
            responsible_body=responsible_body,
            office_holder=office_holder,
            deadline=deadline,
            details=details,
            cooperating=cooperating,
            report_required=report_required,
            report_frequency=report_frequency,
        ),
    )


@transaction.atomic
def task_pass_down(
    *,
    actor: User,
    parent: Task,
    unit: AdminUnit | None,
    deadline: dt.date | None,
    responsible_body: str,
    office_holder: str,
    every_commune: bool = False,
    title: str = "",
    details: str = "",
    cooperating: str = "",
    report_required: str = "",
    report_frequency: str = ReportFrequency.ONCE,
) -> list[Task]:
    """The unit responsible for ``parent`` passes it down to units below it (one, or every commune),
    with a deadline never later than the parent's; the parent's unit becomes the assigning unit
    (overdue ones are escalated to its leader)."""
    require(actor, Capability.ISSUE_DIRECTIVES)
    parent = Task.objects.unscoped().select_related("unit", "directive__unit").get(pk=parent.pk)
    require_in_jurisdiction(actor, parent.area_path)
    return _assign(
        actor=actor,
        directive=parent.directive,
        parent=parent,
        assigned_by_unit=parent.unit,
        assigned_by_body=parent.responsible_body,
        unit=unit,
        every_commune=every_commune,
        values=_task_values(
            title=title or parent.title,
            responsible_body=responsible_body,
            office_holder=office_holder,
            deadline=deadline,
            details=details or parent.details,
            cooperating=cooperating,
            report_required=report_required or parent.report_required,
            report_frequency=report_frequency,
        ),
    )


def _unit_change_errors(actor: User, task: Task, unit: Any) -> list[ValidationError]:
    """Why ``task`` may not move to ``unit``: none chosen; already taken up (acknowledged, reported
    on) or passed down; outside the issuing unit (a passed-down task: not strictly below the
    parent's unit); outside the actor's jurisdiction."""
    if unit is None:
        return [ValidationError(_("Hãy chọn đơn vị chủ trì."), code=Code.REQUIRED)]
    if unit.pk == task.unit_id:
        return []
    started = (
        task.status != TaskStatus.ASSIGNED
        or TaskReport.objects.unscoped().filter(task=task).exists()
        or Task.objects.unscoped().filter(parent=task).exists()
    )
    if started:
        return [
            ValidationError(
                _(
                    "%(unit)s đã tiếp nhận, báo cáo hoặc giao tiếp nhiệm vụ này: không đổi được đơn vị "
                    "chủ trì; hãy giao một nhiệm vụ mới."
                )
                % {"unit": task.unit.name},
                code=Code.UNIT_LOCKED,
            )
        ]
    if task.parent is None and not unit.path.startswith(task.directive.unit.path):
        return [
            ValidationError(
                _("%(unit)s không thuộc %(issuer)s, đơn vị ban hành văn bản.")
                % {"unit": unit.name, "issuer": task.directive.unit.name},
                code=Code.UNIT_OUTSIDE_ISSUER,
            )
        ]
    if task.parent is not None and (
        unit.pk == task.parent.unit_id or not unit.path.startswith(task.parent.unit.path)
    ):
        return [
            ValidationError(
                _("Chỉ giao tiếp được cho đơn vị cấp dưới của %(unit)s.") % {"unit": task.parent.unit.name},
                code=Code.PASS_DOWN_BELOW,
            )
        ]
    if not _in_jurisdiction(actor, unit.path):
        return [
            ValidationError(
                _("%(unit)s nằm ngoài địa bàn của bạn.") % {"unit": unit.name}, code=Code.UNIT_OUTSIDE_ISSUER
            )
        ]
    return []


def _derive_task(task: Task) -> None:
    task.derive_area()


def _children_deadline_errors(task: Task, deadline: Any) -> list[ValidationError]:
    """A task's deadline never earlier than one of the tasks passed down from it."""
    if not isinstance(deadline, dt.date):
        return []
    latest = Task.objects.unscoped().filter(parent=task, deadline__gt=deadline).order_by("-deadline").first()
    if latest is None:
        return []
    return [
        ValidationError(
            _("Đã giao tiếp cho cấp dưới với hạn %(child)s: hạn của nhiệm vụ này không được sớm hơn hạn đó.")
            % {"child": _d(latest.deadline)},
            code=Code.DEADLINE_AFTER_PARENT,
        )
    ]


@transaction.atomic
def task_update(*, actor: User, task: Task, expected_version: int | None = None, **fields: Any) -> Task:
    """Correct a task (the assigning side): its wording, responsible unit (while it has not been
    taken up), office holder, deadline, report."""
    unknown = sorted(set(fields) - {*TASK_EDIT_FIELDS, "unit"})
    if unknown:
        raise TypeError(f"task_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.ISSUE_DIRECTIVES)
    task = _locked(task)
    require_in_jurisdiction(actor, task.assigned_by_unit.path)
    check_version(task, expected_version)
    values = {field: getattr(task, field) for field in TASK_EDIT_FIELDS}
    values.update({k: v for k, v in fields.items() if k != "unit"})
    errors = _clean_task(values)
    errors["deadline"].extend(_deadline_errors(values.get("deadline"), task.directive, task.parent))
    errors["deadline"].extend(_children_deadline_errors(task, values.get("deadline")))
    audited_fields: tuple[str, ...] = TASK_EDIT_FIELDS
    if "unit" in fields:
        errors["unit"].extend(_unit_change_errors(actor, task, fields["unit"]))
        if fields["unit"] is not None:
            values["unit"] = fields["unit"]
            audited_fields = ("unit", *TASK_EDIT_FIELDS)
    _raise(errors)
    audited_update(
        task,
        actor=actor,
        event=events.TASK_UPDATED,
        fields=audited_fields,
        values=values,
        derive=_derive_task,
        derived=("area_path",),
        expected_version=expected_version,
    )
    return task


def _locked(task: Task) -> Task:
    return (
        Task.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("unit", "directive", "parent", "assigned_by_unit")
        .get(pk=task.pk)
    )


# --- reports from the responsible unit ----------------------------------------------------


def evidence_record(*, actor: User, evidence_type: str, evidence_id: int | None) -> models.Model:
    """The record a report points at as evidence: a scoped record of one of the project's apps,
    inside the reporter's jurisdiction. Anything else is "not found" (nothing about it leaks)."""
    not_found = _error(
        "evidence",
        _("Không tìm thấy hồ sơ chứng minh này trong địa bàn bạn phụ trách."),
        Code.EVIDENCE_NOT_FOUND,
    )
    try:
        model = apps.get_model(evidence_type)
    except (LookupError, ValueError):
        raise not_found from None
    ours = {config.label for config in project_apps()}
    if evidence_id is None or model._meta.app_label not in ours or not is_scoped(model):
        raise not_found
    manager: Any = model._default_manager
    record: models.Model | None = manager.for_user(actor).filter(pk=evidence_id).first()
    if record is None:
        raise not_found
    return record


def _report_base(actor: User, task: Task, expected_version: int | None) -> Task:
    require(actor, Capability.REPORT_TASKS)
    task = _locked(task)
    require_in_jurisdiction(actor, task.area_path)
    check_version(task, expected_version)
    return task


def _write_report(
    *,
    actor: User,
    task: Task,
    kind: str,
    reported_on: dt.date,
    progress: int,
    note: str = "",
    file: Any = None,
    evidence: models.Model | None = None,
) -> TaskReport:
    report = TaskReport(
        task=task,
        unit=task.unit,
        kind=kind,
        reported_on=reported_on,
        progress=progress,
        note=note.strip(),
        reported_by=actor,
    )
    if file is not None:
        report.file_name = display_name(file)
        report.file.save(f"{uuid_module.uuid4().hex}{_suffix(file)}", file, save=False)
    if evidence is not None:
        report.evidence_type = evidence._meta.label_lower
        report.evidence_id = evidence.pk
        report.evidence_label = str(evidence)[:300]
    report.full_clean()
    report.save()
    return report


def _save_state(
    *,
    actor: User,
    task: Task,
    event: Any,
    values: Mapping[str, Any],
    expected_version: int | None,
    **params: Any,
) -> None:
    changes = audited_update(
        task,
        actor=actor,
        event=event,
        fields=REPORT_STATE_FIELDS,
        values=values,
        expected_version=expected_version,
        params=params or None,
    )
    if not changes:
        # A report that changes no figure (a daily progress report at the same percentage) is
        # still a report: audited, and the version raised so an open form knows.
        Task.objects.unscoped().filter(pk=task.pk).update(
            version=models.F("version") + 1, updated_at=timezone.now()
        )
        task.refresh_from_db(fields=["version", "updated_at"])
        audit_record(actor=actor, event=event, target=task, area_path=task.area_path, params=params or None)


def _refuse_if_done(task: Task) -> None:
    if task.status == TaskStatus.DONE:
        raise ValidationError(
            _("Nhiệm vụ đã báo cáo hoàn thành ngày %(day)s.")
            % {"day": _d(task.completed_on or task.deadline)},
            code=Code.TASK_DONE,
        )


@transaction.atomic
def task_acknowledge(
    *, actor: User, task: Task, expected_version: int | None = None, today: dt.date | None = None
) -> Task:
    """The responsible unit has received the task (once; later calls change nothing)."""
    task = _report_base(actor, task, expected_version)
    if task.acknowledged_on is not None:
        return task
    today = today or timezone.localdate()
    _write_report(
        actor=actor, task=task, kind=ReportKind.ACKNOWLEDGED, reported_on=today, progress=task.progress
    )
    _save_state(
        actor=actor,
        task=task,
        event=events.TASK_ACKNOWLEDGED,
        values={"acknowledged_on": today, "status": TaskStatus.ACKNOWLEDGED},
        expected_version=expected_version,
    )
    return task


@transaction.atomic
def task_report_progress(
    *,
    actor: User,
    task: Task,
    progress: int,
    note: str = "",
    file: Any = None,
    evidence_type: str = "",
    evidence_id: int | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> TaskReport:
    """A progress report (percentage and what was done); it acknowledges the task if not yet."""
    task = _report_base(actor, task, expected_version)
    _refuse_if_done(task)
    today = today or timezone.localdate()
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    if not 0 <= progress <= 99:
        errors["progress"].append(
            ValidationError(
                _("Tiến độ là một số từ 0 đến 99 (%); khi xong hãy báo cáo hoàn thành."),
                code=Code.PROGRESS_RANGE,
            )
        )
    if not note.strip() and file is None and not evidence_type:
        errors["note"].append(ValidationError(_("Hãy ghi nội dung báo cáo."), code=Code.REQUIRED))
    errors["file"] = file_errors(file)
    _raise(errors)
    evidence = (
        evidence_record(actor=actor, evidence_type=evidence_type, evidence_id=evidence_id)
        if evidence_type
        else None
    )
    report = _write_report(
        actor=actor,
        task=task,
        kind=ReportKind.PROGRESS,
        reported_on=today,
        progress=progress,
        note=note,
        file=file,
        evidence=evidence,
    )
    _save_state(
        actor=actor,
        task=task,
        event=events.TASK_PROGRESS_REPORTED,
        values={
            "progress": progress,
            "status": TaskStatus.IN_PROGRESS,
            "acknowledged_on": task.acknowledged_on or today,
        },
        expected_version=expected_version,
        progress=progress,
    )
    return report


@transaction.atomic
def task_complete(
    *,
    actor: User,
    task: Task,
    completed_on: dt.date | None = None,
    note: str = "",
    file: Any = None,
    evidence_type: str = "",
    evidence_id: int | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> TaskReport:
    """Report the task done on ``completed_on`` with evidence: a note, a file, or the record that
    proves it (a record with an ``established_on`` date gives the day when none is typed)."""
    task = _report_base(actor, task, expected_version)
    _refuse_if_done(task)
    today = today or timezone.localdate()
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    if not note.strip() and file is None and not evidence_type:
        errors["evidence"].append(
            ValidationError(
                _("Hãy đưa bằng chứng hoàn thành: ghi chú, tệp đính kèm hoặc hồ sơ chứng minh."),
                code=Code.EVIDENCE_REQUIRED,
            )
        )
    errors["file"] = file_errors(file)
    _raise(errors)
    evidence = (
        evidence_record(actor=actor, evidence_type=evidence_type, evidence_id=evidence_id)
        if evidence_type
        else None
    )
    if completed_on is None and evidence is not None:
        established = getattr(evidence, "established_on", None)
        completed_on = established if isinstance(established, dt.date) else None
    completed_on = completed_on or today
    if completed_on > today:
        errors["completed_on"].append(
            ValidationError(_("Ngày hoàn thành không được sau hôm nay."), code=Code.COMPLETED_IN_FUTURE)
        )
    if completed_on < task.directive.issued_on:
        errors["completed_on"].append(
            ValidationError(
                _("Ngày hoàn thành không được trước ngày ban hành văn bản (%(issued)s).")
                % {"issued": _d(task.directive.issued_on)},
                code=Code.COMPLETED_BEFORE_DIRECTIVE,
            )
        )
    _raise(errors)
    report = _write_report(
        actor=actor,
        task=task,
        kind=ReportKind.COMPLETED,
        reported_on=today,
        progress=100,
        note=note,
        file=file,
        evidence=evidence,
    )
    _save_state(
        actor=actor,
        task=task,
        event=events.TASK_COMPLETED,
        values={
            "progress": 100,
            "status": TaskStatus.DONE,
            "completed_on": completed_on,
            "acknowledged_on": task.acknowledged_on or min(completed_on, today),
        },
        expected_version=expected_version,
    )
    return report


# --- escalation ---------------------------------------------------------------------------


def leader_of(unit: AdminUnit) -> Recipient:
    """The leaders of the unit that assigned a task (a village's: its commune's)."""
    if unit.level == UnitLevel.VILLAGE and unit.parent is not None:
        unit = unit.parent
    return Recipient.of_role(LEADER_OF_LEVEL.get(unit.level, Role.COMMUNE_LEADER), unit)


def tasks_escalate_overdue(*, now: dt.datetime | None = None) -> list[Alert]:
    """Tell the leader of each assigning body, once, of its tasks now overdue and not done.

    A task is escalated once (``escalated_at``): running this again alerts nobody again. The
    tasks of one directive and one assigning unit go in one alert (grouped by the platform
    alerts: a later overdue task of the same directive adds an event to the open alert).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Task.objects.unscoped()
        .filter(completed_on__isnull=True, deadline__lt=today, escalated_at__isnull=True)
        .values_list("directive_id", "assigned_by_unit_id")
        .distinct()
        .order_by("directive_id", "assigned_by_unit_id")
    )
    raised: list[Alert] = []
    for directive_id, unit_id in list(due):
        with transaction.atomic():
            batch = list(
                Task.objects.unscoped()
                .select_for_update()
                .filter(
                    directive_id=directive_id,
                    assigned_by_unit_id=unit_id,
                    completed_on__isnull=True,
                    deadline__lt=today,
                    escalated_at__isnull=True,
                )
                .order_by("pk")
            )
            claimed = Task.objects.unscoped().filter(pk__in=[t.pk for t in batch], escalated_at__isnull=True)
            if not claimed.update(escalated_at=now):
                continue
            directive = Directive.objects.unscoped().select_related("unit").get(pk=directive_id)
            unit = AdminUnit.objects.unscoped().select_related("parent").get(pk=unit_id)
            for task in batch:
                audit_record(actor=None, event=events.TASK_ESCALATED, target=task, area_path=task.area_path)
            overdue = Task.objects.unscoped().filter(
                directive_id=directive_id,
                assigned_by_unit_id=unit_id,
                completed_on__isnull=True,
                deadline__lt=today,
            )
            raised.extend(
                alert_raise(
                    recipients=[leader_of(unit)],
                    severity=Severity.URGENT if directive.urgency != Urgency.NORMAL else Severity.WARNING,
                    subject=gettext_noop("%(n)d nhiệm vụ quá hạn chưa hoàn thành: %(directive)s"),
                    params={"n": overdue.count(), "directive": str(directive)},
                    body=", ".join(sorted(t.unit.name for t in overdue.select_related("unit")))[:1000],
                    reason=OVERDUE_REASON,
                    target=directive,
                    link=reverse("directives:directive_detail", kwargs={"directive_id": directive_id})
                    + "?tinh-trang=overdue",
                    unit=unit,
                    escalate=False,
                    now=now,
                )
            )
    return raised


__all__ = [
    "communes_of",
    "directive_create",
    "directive_update",
    "evidence_record",
    "leader_of",
    "task_acknowledge",
    "task_assign",
    "task_complete",
    "task_pass_down",
    "task_report_progress",
    "task_update",
    "tasks_escalate_overdue",
]
