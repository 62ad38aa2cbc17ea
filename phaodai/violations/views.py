"""The violations pages: the list (search, filters, export), a record, its form, its evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.areas.enums import UnitLevel
from phaodai.audit.selectors import history_for
from phaodai.core.access import area_scoped, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.sheets.listexport import ListExport
from phaodai.ui.exports import list_export_response, records_by
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import filing_base, scope_from_request
from phaodai.ui.types import AuthedRequest
from phaodai.violations import files, services
from phaodai.violations.access import evidence_get_for_user, violation_get_for_user
from phaodai.violations.enums import Decision
from phaodai.violations.forms import (
    LEGAL_BASIS_SUGGESTIONS,
    RULE_SUGGESTIONS,
    EvidenceForm,
    ViolationFilterForm,
    ViolationForm,
)
from phaodai.violations.models import Violation
from phaodai.violations.selectors import (
    establishment_choices,
    establishment_for_filter,
    person_choices,
    violation_evidence,
    violation_search,
    violation_units,
)

HISTORY_ON_DETAIL = 5
EDITABLE = tuple(f for f in services.VIOLATION_FIELDS)


def _form_context(form: ViolationForm, **extra: object) -> dict[str, object]:
    return {
        "form": form,
        "rule_suggestions": RULE_SUGGESTIONS,
        "legal_basis_suggestions": LEGAL_BASIS_SUGGESTIONS,
        **extra,
    }


@area_scoped(Capability.VIEW_VIOLATIONS)
@require_GET
def violation_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = ViolationFilterForm(request.GET)
    establishment = establishment_for_filter(
        user=request.user, establishment_id=request.GET.get("establishment", "")
    )
    violations = violation_search(
        user=request.user, unit=scope.unit, establishment=establishment, **filters.search_kwargs()
    )
    context = {
        "filters": filters,
        "establishment": establishment,
        "page": page_of(request, violations),
        "can_record": has_capability(request.user, Capability.RECORD_VIOLATIONS),
        "can_export": has_capability(request.user, Capability.DECIDE_VIOLATIONS),
        "query_string": request.GET.urlencode(),
    }
    return render_partial(request, "violations/violation_list.html", context, partial="results")


VIOLATIONS_EXPORT = ListExport(
    path="phaodai.violations.views.VIOLATIONS_EXPORT",
    kind="violations.export",
    capability=Capability.DECIDE_VIOLATIONS,
    noun=gettext_lazy("vi phạm"),
    records=records_by(ViolationFilterForm, violation_search),
    export=services.violations_export,
)


@area_scoped(Capability.DECIDE_VIOLATIONS)
@require_GET
def violation_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        VIOLATIONS_EXPORT,
        form_class=ExportForm,
        template="violations/violation_export.html",
    )


@area_scoped(Capability.RECORD_VIOLATIONS)
@require_http_methods(["GET", "POST"])
def violation_create(request: AuthedRequest) -> HttpResponse:
    base = filing_base(request)
    units = violation_units(user=request.user, within=base)
    people = person_choices(user=request.user)
    establishments = establishment_choices(user=request.user, within=base)
    if request.method == "POST":
        form = ViolationForm(request.POST, units=units, people=people, establishments=establishments)
        if form.is_valid():
            try:
                violation, created = services.violation_create(
                    actor=request.user, uuid=form.cleaned_data.get("uuid"), **form.service_fields()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Đã ghi nhận vi phạm."))
                return redirect("violations:violation_detail", violation_id=violation.pk)
    else:
        initial = {}
        if request.GET.get("person", "").isdigit():
            initial["person"] = request.GET["person"]
        form = ViolationForm(units=units, people=people, establishments=establishments, initial=initial)
    return render(
        request, "violations/violation_form.html", _form_context(form, creating=True, too_wide=base is None)
    )


@area_scoped(Capability.VIEW_VIOLATIONS)
@require_GET
def violation_detail(request: AuthedRequest, violation_id: int) -> HttpResponse:
    violation = violation_get_for_user(user=request.user, violation_id=violation_id)
    return _detail(request, violation, EvidenceForm())


def _detail(
    request: AuthedRequest, violation: Violation, evidence_form: EvidenceForm, status: int = 200
) -> HttpResponse:
    user = request.user
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=violation)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=Violation, user=user)
    return render(
        request,
        "violations/violation_detail.html",
        {
            "violation": violation,
            "evidence": violation_evidence(user=user, violation=violation),
            "evidence_form": evidence_form,
            "history": history,
            "is_fine": violation.decision == Decision.FINE,
            "can_record": has_capability(user, Capability.RECORD_VIOLATIONS),
        },
        status=status,
    )


@area_scoped(Capability.RECORD_VIOLATIONS)
@require_http_methods(["GET", "POST"])
def violation_edit(request: AuthedRequest, violation_id: int) -> HttpResponse:
    violation = violation_get_for_user(user=request.user, violation_id=violation_id)
    base = filing_base(
        request, violation.unit if violation.unit.level <= UnitLevel.COMMUNE else violation.unit.parent
    )
    units = violation_units(user=request.user, within=base)
    people = person_choices(user=request.user)
    establishments = establishment_choices(user=request.user, within=base)

    def initial_of(record: Violation) -> dict[str, object]:
        return {name: getattr(record, name) for name in EDITABLE} | {"version": record.version}

    initial = initial_of(violation)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = ViolationForm(
            request.POST,
            units=units,
            people=people,
            establishments=establishments,
            creating=False,
            initial=initial,
        )
        if form.is_valid():
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                services.violation_update(
                    actor=request.user,
                    violation=violation,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                violation = violation_get_for_user(user=request.user, violation_id=violation_id)
                initial = initial_of(violation)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Violation)
                form = ViolationForm(
                    data,
                    units=units,
                    people=people,
                    establishments=establishments,
                    creating=False,
                    initial=initial,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("violations:violation_detail", violation_id=violation.pk)
    else:
        form = ViolationForm(
            units=units, people=people, establishments=establishments, creating=False, initial=initial
        )
    return render(
        request,
        "violations/violation_form.html",
        _form_context(form, creating=False, violation=violation, changed_meanwhile=changed_meanwhile),
    )


@area_scoped(Capability.RECORD_VIOLATIONS)
@require_POST
def evidence_add(request: AuthedRequest, violation_id: int) -> HttpResponse:
    violation = violation_get_for_user(user=request.user, violation_id=violation_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,
                violation=violation,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm chứng cứ."))
            return redirect("violations:violation_detail", violation_id=violation.pk)
    return _detail(request, violation, form, status=400)


@area_scoped(Capability.VIEW_VIOLATIONS)
@require_GET
def evidence_download(request: AuthedRequest, evidence_id: int) -> FileResponse:
    evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    path = files.resolve(evidence.stored_name)
    if path is None:
        raise Http404
    response = FileResponse(
        path.open("rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == "application/pdf",
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
