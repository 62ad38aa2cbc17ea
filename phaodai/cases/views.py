"""Case and facility pages: thin views over the cases selectors and services.

Services raise ``ValidationError`` (shown on the form, nothing saved), ``StaleRecordError`` (the
officer is shown what another officer changed meanwhile) and ``PermissionDenied`` (403 page).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.audit.selectors import history_for
from phaodai.cases import services
from phaodai.cases.enums import BedKind, CareSetting, CaseStatus, EndTest
from phaodai.cases.export import cases_export
from phaodai.cases.forms import (
    EXPORT_PURPOSES,
    CaseCreateForm,
    CaseFilterForm,
    CaseForm,
    CloseForm,
    DeleteForm,
    FacilityForm,
    SeverityForm,
    TransferForm,
)
from phaodai.cases.models import Case, Facility
from phaodai.cases.selectors import (
    bed_states,
    care_history,
    case_filter,
    case_for_user,
    cases_due,
    cases_for_user,
    facilities_for_transfer,
    facilities_for_user,
    facility_for_user,
    occupancy_by_day,
    records_keeping,
    severity_history,
)
from phaodai.core.access import area_scoped, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.core.shell import declared_case_panels
from phaodai.labtests.access import proposal_get_for_user
from phaodai.labtests.selectors import proposals_for_user
from phaodai.people.access import person_get_for_user
from phaodai.sheets.listexport import ListExport
from phaodai.ui.exports import list_export_response
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import field_label, history_entries
from phaodai.ui.reads import rate_limited, record_viewed
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest

OCCUPANCY_DAYS = 14
BED_KINDS = tuple(BedKind.values)


def _communes(request: AuthedRequest, keep: AdminUnit | None = None) -> QuerySet[AdminUnit]:
    units = units_for_user(user=request.user).filter(level=UnitLevel.COMMUNE).select_related("parent")
    return units.order_by("path")


def _facility_choices(case_area: str | None, user: Any) -> list[tuple[int, str]]:
    return [
        (f.pk, f"{f.name} ({f.get_tier_display()})") for f in facilities_for_user(user).filter(is_active=True)
    ]


# Cases -------------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_CASES)
@require_GET
def case_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = CaseFilterForm(request.GET)
    cases = case_filter(cases_for_user(request.user), unit=scope.unit, **filters.filter_kwargs())
    context = {
        "filters": filters,
        "page": page_of(request, cases),
        "can_edit": has_capability(request.user, Capability.EDIT_CASES),
        "can_export": has_capability(request.user, Capability.EXPORT_CASES),
    }
    return render_partial(request, "cases/case_list.html", context, partial="results")


def _case_records(
    user: User, unit: AdminUnit | None, query: QueryDict
) -> tuple[QuerySet[Case], dict[str, Any]]:
    search = CaseFilterForm(query).filter_kwargs()
    return case_filter(cases_for_user(user), unit=unit, **search), search


CASES_EXPORT = ListExport(
    path="phaodai.cases.views.CASES_EXPORT",
    kind="cases.export",
    capability=Capability.EXPORT_CASES,
    noun=gettext_lazy("ca bệnh"),
    records=_case_records,
    export=cases_export,
)


@area_scoped(Capability.EXPORT_CASES)
@require_GET
def case_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        CASES_EXPORT,
        form_class=ExportForm,
        template="cases/case_export.html",
        context={"purposes": EXPORT_PURPOSES},
    )


@area_scoped(Capability.VIEW_CASES)
@require_GET
def case_due(request: AuthedRequest) -> HttpResponse:
    """Today's lists: release tests due, isolations that may end, and overdue cases."""
    scope = scope_from_request(request)
    today = timezone.localdate()
    due = cases_due(request.user, today=today, unit=scope.unit)
    lists = {name: list(queryset.select_related("person", "unit")[:200]) for name, queryset in due.items()}
    # positive results that may be a case, waiting for a health officer's confirmation
    proposals = list(proposals_for_user(request.user, unit=scope.unit)[:200])
    may_confirm = has_capability(request.user, Capability.CONFIRM_CASES)
    return render(
        request,
        "cases/case_due.html",
        {"today": today, "lists": lists, "proposals": proposals, "may_confirm": may_confirm},
    )


def _case_form_initial(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in services.CASE_FIELDS} | {"version": case.version}


@area_scoped(Capability.EDIT_CASES)
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest) -> HttpResponse:
    """A new case for a resident (``?person=<id>``): the findings at classification."""
    person = person_get_for_user(user=request.user, person_id=request.GET.get("person", ""))
    units = _communes(request)
    facilities = _facility_choices(None, request.user)
    commune = (
        person.residence_unit.parent
        if person.residence_unit.level == UnitLevel.VILLAGE
        else person.residence_unit
    )
    initial = {"unit": commune, "confirmed_on": timezone.localdate()}
    if request.method == "POST":
        form = CaseCreateForm(request.POST, units=units, facilities=facilities, initial=initial)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            facility_id = data.pop("facility")
            facility = (
                facilities_for_user(request.user).filter(pk=facility_id).first() if facility_id else None
            )
            try:
                case, _created = services.case_create(
                    actor=request.user,
                    person=person,
                    severity=data.pop("severity") or None,
                    facility=facility,
                    **data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm ca bệnh."))
                return redirect("cases:case_detail", case_id=case.pk)
    else:
        form = CaseCreateForm(units=units, facilities=facilities, initial=initial)
    return render(request, "cases/case_form.html", {"form": form, "person": person, "creating": True})


@area_scoped(Capability.VIEW_CASES)
@require_GET
@rate_limited("people_read")
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    record_viewed(request, case)
    user = request.user
    can_edit = has_capability(user, Capability.EDIT_CASES) and case.status == CaseStatus.ACTIVE
    today = timezone.localdate()
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        history = history_entries(events=history_for(user=user, target=case)[:6], model=Case, user=user)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "severities": severity_history(case),
            "episodes": care_history(case),
            "can_edit": can_edit,
            "can_delete": has_capability(user, Capability.EDIT_CASES),
            "severity_form": SeverityForm(initial={"on": today, "version": case.version})
            if can_edit
            else None,
            "close_form": CloseForm(initial={"on": today, "version": case.version}) if can_edit else None,
            "history": history,
            "today": today,
            "release_test_label": EndTest(case.release_test).label if case.release_test else "",
            # What higher apps add (core.shell CASE_PANELS: home care): cases imports none of them.
            "panels": [
                (panel, panel.figures(user=user, case=case))
                for panel in declared_case_panels()
                if panel.capability is None or has_capability(user, panel.capability)
            ],
        },
    )


@area_scoped(Capability.EDIT_CASES)
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    units = _communes(request)
    initial = _case_form_initial(case)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = CaseForm(request.POST, units=units, initial=initial)
        if form.is_valid():
            if form.cleaned_data.get("version") is None:
                form.add_error(None, _("Trang đã cũ; hãy tải lại trang rồi sửa."))
            else:
                changed = {k: form.cleaned_data[k] for k in form.changed_data if k in services.CASE_FIELDS}
                try:
                    services.case_update(
                        actor=request.user,
                        case=case,
                        expected_version=form.cleaned_data["version"],
                        **changed,
                    )
                except StaleRecordError as stale:
                    case = case_for_user(request.user, case_id)
                    initial = _case_form_initial(case)
                    data, changed_meanwhile = rebind_stale(form, stale, initial, Case)
                    form = CaseForm(data, units=units, initial=initial)
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(request, _("Đã lưu thay đổi."))
                    return redirect("cases:case_detail", case_id=case.pk)
    else:
        form = CaseForm(units=units, initial=initial)
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "person": case.person,
            "creating": False,
            "changed_meanwhile": changed_meanwhile,
        },
    )


def _stale_message(request: AuthedRequest, stale: StaleRecordError) -> None:
    messages.error(
        request,
        _("Ca bệnh vừa được người khác cập nhật (%(fields)s); hãy xem lại rồi làm lại.")
        % {"fields": ", ".join(field_label(Case, name) for name in stale.changed) or "—"},
    )


@area_scoped(Capability.EDIT_CASES)
@require_http_methods(["POST"])
def case_severity(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    form = SeverityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_severity_change(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                severity=data["severity"],
                on=data["on"],
                reason=data["reason"],
                respiratory_rate=data["respiratory_rate"],
                spo2=data["spo2"],
            )
        except StaleRecordError as stale:
            _stale_message(request, stale)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi mức độ mới."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("cases:case_detail", case_id=case.pk)


@area_scoped(Capability.EDIT_CASES)
@require_http_methods(["GET", "POST"])
def case_transfer(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Move a case: the facilities of the chosen tier with a free bed of the kind needed are
    proposed, nearest first; the risk group's setting is the default."""
    case = case_for_user(request.user, case_id)
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    setting = source.get("care_setting") or case.risk_setting or CareSetting.DISTRICT
    bed_kind = (
        source.get("bed_kind")
        or case.risk_bed_kind
        or ("" if setting == CareSetting.HOME else BedKind.ORDINARY)
    )
    if setting not in CareSetting.values:
        setting = CareSetting.DISTRICT
    if bed_kind not in BED_KINDS:
        bed_kind = ""
    try:
        on = dt.date.fromisoformat(source.get("on_iso", "")) if source.get("on_iso") else today
    except ValueError:
        on = today
    proposals = facilities_for_transfer(case=case, setting=setting, bed_kind=bed_kind, on=on, today=today)
    choices = [(c.facility.pk, f"{c.facility.name} — {c.free}") for c in proposals]
    initial = {"care_setting": setting, "bed_kind": bed_kind, "on": today, "version": case.version}
    if proposals:
        initial["facility"] = proposals[0].facility.pk
    if request.method == "POST" and "save" in request.POST:
        form = TransferForm(request.POST, facilities=choices, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            chosen = next((c.facility for c in proposals if c.facility.pk == data["facility"]), None)
            try:
                services.case_transfer(
                    actor=request.user,
                    case=case,
                    expected_version=data["version"],
                    care_setting=data["care_setting"],
                    facility=chosen,
                    bed_kind=data["bed_kind"],
                    on=data["on"],
                    reason=data["reason"],
                )
            except StaleRecordError as stale:
                _stale_message(request, stale)
                return redirect("cases:case_transfer", case_id=case.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã chuyển nơi điều trị."))
                return redirect("cases:case_detail", case_id=case.pk)
    else:
        form = TransferForm(initial=initial, facilities=choices)
    return render(
        request,
        "cases/case_transfer.html",
        {"case": case, "form": form, "proposals": proposals, "setting": setting, "bed_kind": bed_kind},
    )


@area_scoped(Capability.EDIT_CASES)
@require_http_methods(["POST"])
def case_close(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_close(
                actor=request.user,
                case=case,
                expected_version=data["version"],
                status=data["status"],
                on=data["on"],
                burial_note=data["burial_note"],
                reason=data["reason"],
            )
        except StaleRecordError as stale:
            _stale_message(request, stale)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã kết thúc ca bệnh."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("cases:case_detail", case_id=case.pk)


@area_scoped(Capability.EDIT_CASES)
@require_http_methods(["GET", "POST"])
def case_delete(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    form = DeleteForm(request.POST if request.method == "POST" else None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_delete(
                actor=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            form.add_error(None, _("Ca bệnh vừa được người khác cập nhật; hãy xem lại trước khi xóa."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã xóa ca bệnh."))
            return redirect("cases:case_list")
    kept = records_keeping(case)  # monitoring entries and the like: the case cannot be deleted
    refusal = " ".join(services.delete_refusal(kept).messages) if kept else ""
    return render(
        request,
        "cases/case_delete.html",
        {"case": case, "form": form, "refusal": refusal},
        status=400 if request.method == "POST" else 200,
    )


# Facilities --------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_FACILITIES)
@require_GET
def facility_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    facilities = facilities_for_user(request.user)
    if scope.unit is not None:
        facilities = facilities.within(scope.unit.path)
    today = timezone.localdate()
    page = page_of(request, facilities.order_by("tier", "name"))
    rows = [(f, bed_states(f, today)) for f in page.object_list]
    return render(
        request,
        "cases/facility_list.html",
        {
            "page": page,
            "rows": rows,
            "can_manage": has_capability(request.user, Capability.MANAGE_FACILITIES),
        },
    )


@area_scoped(Capability.VIEW_FACILITIES)
@require_GET
def facility_detail(request: AuthedRequest, facility_id: int) -> HttpResponse:
    facility = facility_for_user(request.user, facility_id)
    today = timezone.localdate()
    start = today - dt.timedelta(days=OCCUPANCY_DAYS - 1)
    states = bed_states(facility, today)
    days = occupancy_by_day(facility, start=start, end=today)
    kinds = [s.kind for s in states]
    table = [(day, [counts.get(kind, 0) for kind in kinds]) for day, counts in reversed(days)]
    return render(
        request,
        "cases/facility_detail.html",
        {
            "facility": facility,
            "states": states,
            "table": table,
            "kind_labels": [s.label for s in states],
            "can_manage": has_capability(request.user, Capability.MANAGE_FACILITIES),
        },
    )


def _facility_units(request: AuthedRequest) -> QuerySet[AdminUnit]:
    return (
        units_for_user(user=request.user)
        .filter(level__lte=UnitLevel.COMMUNE)
        .select_related("parent")
        .order_by("path")
    )


def _save_beds(request: AuthedRequest, facility: Facility, data: dict[str, Any]) -> None:
    for kind in BED_KINDS:
        services.beds_set(actor=request.user, facility=facility, kind=kind, beds=data[f"beds_{kind}"])


@area_scoped(Capability.MANAGE_FACILITIES)
@require_http_methods(["GET", "POST"])
def facility_create(request: AuthedRequest) -> HttpResponse:
    units = _facility_units(request)
    if request.method == "POST":
        form = FacilityForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                facility = services.facility_create(
                    actor=request.user,
                    unit=data["unit"],
                    name=data["name"],
                    tier=data["tier"],
                    address=data["address"],
                    phone=data["phone"],
                    is_active=data["is_active"],
                    notes=data["notes"],
                    beds={kind: data[f"beds_{kind}"] for kind in BED_KINDS},
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm cơ sở điều trị."))
                return redirect("cases:facility_detail", facility_id=facility.pk)
    else:
        form = FacilityForm(units=units)
    return render(request, "cases/facility_form.html", {"form": form, "creating": True})


@area_scoped(Capability.MANAGE_FACILITIES)
@require_http_methods(["GET", "POST"])
def facility_edit(request: AuthedRequest, facility_id: int) -> HttpResponse:
    facility = facility_for_user(request.user, facility_id)
    units = _facility_units(request)
    beds = {s.kind: s.beds for s in bed_states(facility, timezone.localdate())}
    initial = (
        {name: getattr(facility, name) for name in services.FACILITY_FIELDS}
        | {f"beds_{kind}": beds.get(kind, 0) for kind in BED_KINDS}
        | {"version": facility.version}
    )
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = FacilityForm(request.POST, units=units, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            changed = {k: data[k] for k in form.changed_data if k in services.FACILITY_FIELDS}
            try:
                services.facility_update(
                    actor=request.user, facility=facility, expected_version=data["version"], **changed
                )
                _save_beds(request, facility, data)
            except StaleRecordError as stale:
                facility = facility_for_user(request.user, facility_id)
                initial = {name: getattr(facility, name) for name in services.FACILITY_FIELDS} | {
                    "version": facility.version
                }
                bound, changed_meanwhile = rebind_stale(form, stale, initial, Facility)
                form = FacilityForm(bound, units=units, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("cases:facility_detail", facility_id=facility.pk)
    else:
        form = FacilityForm(units=units, initial=initial)
    return render(
        request,
        "cases/facility_form.html",
        {"form": form, "facility": facility, "creating": False, "changed_meanwhile": changed_meanwhile},
    )


# Confirming a labtests proposal ---------------------------------------------------------------


@area_scoped(Capability.CONFIRM_CASES)
@require_http_methods(["GET", "POST"])
def case_confirm(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    """Confirm a test proposal as a case: how it was found, the findings at classification."""
    proposal = proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    units = _communes(request)
    commune = proposal.unit.parent if proposal.unit.level == UnitLevel.VILLAGE else proposal.unit
    results = list(proposal.results.order_by("result_on", "pk"))
    initial = {
        "unit": commune,
        "confirmed_on": results[-1].result_on if results else timezone.localdate(),
        "version": proposal.version,
    }
    if request.method == "POST":
        form = CaseForm(request.POST, units=units, initial=initial)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                case = services.case_confirm_from_proposal(
                    actor=request.user, proposal=proposal, expected_version=version, **data
                )
            except StaleRecordError:
                form.add_error(None, _("Đề xuất vừa được người khác cập nhật; hãy tải lại trang."))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã khẳng định ca bệnh."))
                return redirect("cases:case_detail", case_id=case.pk)
    else:
        form = CaseForm(units=units, initial=initial)
    return render(
        request,
        "cases/case_confirm.html",
        {"form": form, "proposal": proposal, "results": results, "person": proposal.person},
    )
