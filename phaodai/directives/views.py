"""Pages of the directives app: the directive list and page, task inbox, report forms, compliance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.audit.selectors import history_for
from phaodai.core.access import area_scoped, has_capability, in_jurisdiction
from phaodai.core.queries import prefix_q
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.directives import export, services
from phaodai.directives.access import directive_get_for_user, report_get_for_user, task_get_for_user
from phaodai.directives.evidence import evidence_choices, evidence_url
from phaodai.directives.forms import (
    AcknowledgeForm,
    CompleteForm,
    ComplianceExportForm,
    ComplianceForm,
    DirectiveEditForm,
    DirectiveFilterForm,
    DirectiveForm,
    PassDownForm,
    ProgressForm,
    TaskEditForm,
    TaskForm,
)
from phaodai.directives.models import Directive, Task
from phaodai.directives.selectors import (
    TASK_FILTERS,
    compliance_by_office_holder,
    compliance_by_unit,
    directive_search,
    issuing_body_for,
    task_children,
    task_reports,
    task_search,
)
from phaodai.ui.forms import ChangedMeanwhile, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest

HISTORY_ON_DETAIL = 20


def _state_choices() -> list[tuple[str, str]]:
    labels = {
        "open": _("Chưa hoàn thành"),
        "overdue": _("Quá hạn chưa hoàn thành"),
        "not_acknowledged": _("Chưa tiếp nhận"),
        "done": _("Đã hoàn thành"),
        "late": _("Hoàn thành trễ hạn"),
    }
    return [(key, labels[key]) for key in TASK_FILTERS]


def _state(request: AuthedRequest) -> str:
    state = request.GET.get("tinh-trang", "")
    return state if state in TASK_FILTERS else ""


def _issuer_units(request: AuthedRequest) -> QuerySet[AdminUnit]:
    return units_for_user(user=request.user).filter(level__lte=3).order_by("path")


# --- directives ---------------------------------------------------------------------------


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def directive_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = DirectiveFilterForm(request.GET)
    filters.is_valid()
    data = filters.cleaned_data
    directives = directive_search(
        user=request.user,
        query=data.get("q") or "",
        unit=scope.unit,
        kind=data.get("kind") or "",
        urgency=data.get("urgency") or "",
        year=data.get("year"),
    )
    context = {
        "filters": filters,
        "page": page_of(request, directives),
        "can_issue": has_capability(request.user, Capability.ISSUE_DIRECTIVES),
    }
    return render_partial(request, "directives/directive_list.html", context, partial="results")


@area_scoped(Capability.ISSUE_DIRECTIVES)
@require_http_methods(["GET", "POST"])
def directive_create(request: AuthedRequest) -> HttpResponse:
    units = _issuer_units(request)
    scope = scope_from_request(request)
    if request.method == "POST":
        form = DirectiveForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            try:
                directive, _created = services.directive_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã nhập văn bản. Hãy giao các nhiệm vụ của văn bản."))
                return redirect("directives:directive_detail", directive_id=directive.pk)
    else:
        form = DirectiveForm(
            units=units,
            initial={
                "unit": scope.unit,
                "issuing_body": issuing_body_for(user=request.user, unit=scope.unit),
            },
        )
    return render(request, "directives/directive_form.html", {"form": form, "creating": True})


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def directive_detail(request: AuthedRequest, directive_id: int) -> HttpResponse:
    directive = directive_get_for_user(user=request.user, directive_id=directive_id)
    today = timezone.localdate()
    state = _state(request)
    tasks = task_search(user=request.user, directive=directive, state=state, today=today)
    user = request.user
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=directive)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=Directive, user=user)
    can_issue = has_capability(user, Capability.ISSUE_DIRECTIVES) and in_jurisdiction(
        user, directive.area_path
    )
    summary = compliance_by_unit(user=user, unit=directive.unit, on=today, directive=directive)
    context = {
        "directive": directive,
        "page": page_of(request, tasks),
        "state": state,
        "states": _state_choices(),
        "today": today,
        "can_issue": can_issue,
        "summary": summary.total,
        "history": history,
        "recipients": [line for line in directive.recipients.splitlines() if line.strip()],
    }
    return render_partial(request, "directives/directive_detail.html", context, partial="tasks")


@area_scoped(Capability.ISSUE_DIRECTIVES)
@require_http_methods(["GET", "POST"])
def directive_edit(request: AuthedRequest, directive_id: int) -> HttpResponse:
    directive = directive_get_for_user(user=request.user, directive_id=directive_id)
    if not in_jurisdiction(request.user, directive.area_path):
        raise Http404

    def initial_of(record: Directive) -> dict[str, Any]:
        fields = (
            "issuing_body",
            "number",
            "issued_on",
            "kind",
            "urgency",
            "summary",
            "recipients",
            "signer",
            "text",
        )
        return {**{name: getattr(record, name) for name in fields}, "version": record.version}

    initial = initial_of(directive)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = DirectiveEditForm(request.POST, request.FILES, initial=initial)
        if form.is_valid():
            changed = {
                k: v
                for k, v in form.cleaned_data.items()
                if k in form.changed_data and k not in ("version", "file")
            }
            try:
                services.directive_update(
                    actor=request.user,
                    directive=directive,
                    expected_version=form.cleaned_data["version"],
                    file=form.cleaned_data.get("file"),
                    **changed,
                )
            except StaleRecordError as stale:
                directive = directive_get_for_user(user=request.user, directive_id=directive_id)
                initial = initial_of(directive)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Directive)
                form = DirectiveEditForm(data, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("directives:directive_detail", directive_id=directive.pk)
    else:
        form = DirectiveEditForm(initial=initial)
    return render(
        request,
        "directives/directive_form.html",
        {"form": form, "directive": directive, "creating": False, "changed_meanwhile": changed_meanwhile},
    )


def _file_response(field: Any, name: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=name or "tep")


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def directive_file(request: AuthedRequest, directive_id: int) -> HttpResponseBase:
    directive = directive_get_for_user(user=request.user, directive_id=directive_id)
    return _file_response(directive.file, directive.file_name)


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def report_file(request: AuthedRequest, report_id: int) -> HttpResponseBase:
    report = report_get_for_user(user=request.user, report_id=report_id)
    return _file_response(report.file, report.file_name)


# --- tasks --------------------------------------------------------------------------------


def _task_units(request: AuthedRequest, below: AdminUnit) -> QuerySet[AdminUnit]:
    return (
        units_for_user(user=request.user)
        .filter(prefix_q("path", below.path), level__lte=3)
        .select_related("parent")
        .order_by("path")
    )


@area_scoped(Capability.ISSUE_DIRECTIVES)
@require_http_methods(["GET", "POST"])
def task_assign(request: AuthedRequest, directive_id: int) -> HttpResponse:
    directive = directive_get_for_user(user=request.user, directive_id=directive_id)
    if not in_jurisdiction(request.user, directive.area_path):
        raise Http404
    units = _task_units(request, directive.unit)
    if request.method == "POST":
        form = TaskForm(request.POST, units=units)
        if form.is_valid():
            try:
                tasks = services.task_assign(actor=request.user, directive=directive, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã giao %(n)d nhiệm vụ.") % {"n": len(tasks)})
                return redirect("directives:directive_detail", directive_id=directive.pk)
    else:
        form = TaskForm(units=units, initial={"unit": directive.unit})
    return render(
        request, "directives/task_form.html", {"form": form, "directive": directive, "parent": None}
    )


@area_scoped(Capability.ISSUE_DIRECTIVES)
@require_http_methods(["GET", "POST"])
def task_pass_down(request: AuthedRequest, task_id: int) -> HttpResponse:
    parent = task_get_for_user(user=request.user, task_id=task_id)
    units = _task_units(request, parent.unit)
    if request.method == "POST":
        form = PassDownForm(request.POST, units=units)
        if form.is_valid():
            try:
                tasks = services.task_pass_down(actor=request.user, parent=parent, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã giao tiếp %(n)d nhiệm vụ cho cấp dưới.") % {"n": len(tasks)})
                return redirect("directives:task_detail", task_id=parent.pk)
    else:
        form = PassDownForm(
            units=units,
            initial={
                "unit": parent.unit,
                "every_commune": True,
                "deadline": parent.deadline,
                "report_required": parent.report_required,
                "report_frequency": parent.report_frequency,
            },
        )
    return render(
        request, "directives/task_form.html", {"form": form, "directive": parent.directive, "parent": parent}
    )


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def task_inbox(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    today = timezone.localdate()
    state = _state(request) if "tinh-trang" in request.GET else "open"
    query = request.GET.get("q", "")[:100]
    tasks = task_search(user=request.user, unit=scope.unit, state=state, query=query, today=today)
    context = {
        "page": page_of(request, tasks),
        "state": state,
        "states": _state_choices(),
        "today": today,
        "q": query,
    }
    return render_partial(request, "directives/task_inbox.html", context, partial="results")


def _task_context(request: AuthedRequest, task: Task) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    reports = list(task_reports(user=user, task=task))
    for report in reports:
        report.evidence_link = evidence_url(report)  # type: ignore[attr-defined]
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        history = history_entries(
            events=history_for(user=user, target=task)[:HISTORY_ON_DETAIL], model=Task, user=user
        )
    can_report = has_capability(user, Capability.REPORT_TASKS) and not task.is_done
    return {
        "task": task,
        "today": today,
        "overdue": task.overdue_on(today),
        "reports": reports,
        "children": task_children(user=user, task=task),
        "can_report": can_report,
        "can_pass_down": has_capability(user, Capability.ISSUE_DIRECTIVES) and not task.is_done,
        "can_edit": has_capability(user, Capability.ISSUE_DIRECTIVES)
        and in_jurisdiction(user, task.assigned_by_unit.path),
        "history": history,
        "ack_form": AcknowledgeForm(initial={"version": task.version}),
    }


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def task_detail(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = task_get_for_user(user=request.user, task_id=task_id)
    return render(request, "directives/task_detail.html", _task_context(request, task))


TASK_EDIT_INITIAL = ("unit", *services.TASK_EDIT_FIELDS)


@area_scoped(Capability.ISSUE_DIRECTIVES)
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthedRequest, task_id: int) -> HttpResponse:
    """The assigning side corrects a task: what, the responsible unit (until it is taken up), the
    office holder, the deadline (never before the letter, never after a parent's), the report."""
    task = task_get_for_user(user=request.user, task_id=task_id)
    if not in_jurisdiction(request.user, task.assigned_by_unit.path):
        raise Http404
    below = task.parent.unit if task.parent is not None else task.directive.unit
    units = _task_units(request, below)
    if task.parent is not None:
        units = units.exclude(pk=below.pk)

    def initial_of(record: Task) -> dict[str, Any]:
        return {name: getattr(record, name) for name in TASK_EDIT_INITIAL} | {"version": record.version}

    initial = initial_of(task)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = TaskEditForm(request.POST, units=units, initial=initial)
        if form.is_valid():
            changed = {
                k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "version"
            }
            try:
                services.task_update(
                    actor=request.user, task=task, expected_version=form.cleaned_data["version"], **changed
                )
            except StaleRecordError as stale:
                task = task_get_for_user(user=request.user, task_id=task_id)
                initial = initial_of(task)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Task)
                form = TaskEditForm(data, units=units, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("directives:task_detail", task_id=task.pk)
    else:
        form = TaskEditForm(units=units, initial=initial)
    return render(
        request,
        "directives/task_form.html",
        {
            "form": form,
            "task": task,
            "directive": task.directive,
            "editing": True,
            "changed_meanwhile": changed_meanwhile,
        },
    )


def _stale_message(request: AuthedRequest) -> None:
    messages.error(request, _("Nhiệm vụ vừa được người khác cập nhật; hãy xem lại rồi báo cáo."))


@area_scoped(Capability.REPORT_TASKS)
@require_POST
def task_acknowledge(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = task_get_for_user(user=request.user, task_id=task_id)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        _stale_message(request)
        return redirect("directives:task_detail", task_id=task.pk)
    try:
        services.task_acknowledge(
            actor=request.user, task=task, expected_version=form.cleaned_data["version"]
        )
    except StaleRecordError:
        _stale_message(request)
    else:
        messages.success(request, _("Đã tiếp nhận nhiệm vụ."))
    return redirect("directives:task_detail", task_id=task.pk)


@area_scoped(Capability.REPORT_TASKS)
@require_http_methods(["GET", "POST"])
def task_progress(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = task_get_for_user(user=request.user, task_id=task_id)
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_report_progress(
                    actor=request.user,
                    task=task,
                    progress=data["progress"],
                    note=data["note"],
                    file=data.get("file"),
                    expected_version=data["version"],
                )
            except StaleRecordError:
                _stale_message(request)
                return redirect("directives:task_detail", task_id=task.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã gửi báo cáo tiến độ."))
                return redirect("directives:task_detail", task_id=task.pk)
    else:
        form = ProgressForm(initial={"version": task.version, "progress": task.progress})
    return render(
        request, "directives/task_report_form.html", {"form": form, "task": task, "completing": False}
    )


@area_scoped(Capability.REPORT_TASKS)
@require_http_methods(["GET", "POST"])
def task_complete(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = task_get_for_user(user=request.user, task_id=task_id)
    choices = evidence_choices(user=request.user, path=task.area_path)
    if request.method == "POST":
        form = CompleteForm(request.POST, request.FILES, evidence_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            evidence_type, evidence_id = form.evidence_ref()
            try:
                services.task_complete(
                    actor=request.user,
                    task=task,
                    completed_on=data.get("completed_on"),
                    note=data.get("note") or "",
                    file=data.get("file"),
                    evidence_type=evidence_type,
                    evidence_id=evidence_id,
                    expected_version=data["version"],
                )
            except StaleRecordError:
                _stale_message(request)
                return redirect("directives:task_detail", task_id=task.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã báo cáo hoàn thành nhiệm vụ."))
                return redirect("directives:task_detail", task_id=task.pk)
    else:
        form = CompleteForm(initial={"version": task.version}, evidence_choices=choices)
    return render(
        request, "directives/task_report_form.html", {"form": form, "task": task, "completing": True}
    )


# --- compliance ---------------------------------------------------------------------------


def _compliance_inputs(
    request: AuthedRequest, form: ComplianceForm | ComplianceExportForm
) -> tuple[Any, Any]:
    form.is_valid()
    on = form.cleaned_data.get("on") or timezone.localdate()
    directive = None
    if form.cleaned_data.get("directive"):
        directive = directive_get_for_user(user=request.user, directive_id=form.cleaned_data["directive"])
    return on, directive


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def compliance(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    form = ComplianceForm(request.GET)
    on, directive = _compliance_inputs(request, form)
    if scope.unit is None:
        table, holders = None, []
    else:
        table = compliance_by_unit(user=request.user, unit=scope.unit, on=on, directive=directive)
        holders = compliance_by_office_holder(user=request.user, unit=scope.unit, on=on, directive=directive)
    context = {"form": form, "on": on, "directive": directive, "table": table, "holders": holders}
    return render(request, "directives/compliance.html", context)


@area_scoped(Capability.VIEW_DIRECTIVES)
@require_GET
def compliance_export(request: AuthedRequest) -> HttpResponseBase:
    scope = scope_from_request(request)
    if scope.unit is None:
        raise Http404
    form = ComplianceExportForm(request.GET)
    on, directive = _compliance_inputs(request, form)
    fmt = form.cleaned_data.get("fmt") or "csv"
    content, content_type, filename = export.compliance_export(
        actor=request.user, unit=scope.unit, on=on, directive=directive, fmt=fmt
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
