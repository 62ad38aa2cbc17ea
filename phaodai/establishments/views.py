"""The establishments pages: the registry (search, filters, export), an establishment with its
people and inspections, the inspection checklist, whether it may operate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.areas.enums import UnitLevel
from phaodai.audit.selectors import history_for
from phaodai.core.access import area_scoped, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.establishments import services
from phaodai.establishments.access import (
    establishment_get_for_user,
    inspection_get_for_user,
    member_get_for_user,
)
from phaodai.establishments.enums import EstablishmentKind
from phaodai.establishments.forms import (
    EstablishmentFilterForm,
    EstablishmentForm,
    FollowUpForm,
    InspectionForm,
    MemberForm,
    OperationForm,
)
from phaodai.establishments.models import Establishment, Member
from phaodai.establishments.selectors import (
    RECENT_CASE_DAYS,
    establishment_case_counts,
    establishment_cases,
    establishment_inspections,
    establishment_members,
    establishment_search,
    establishment_units,
    inspection_answers,
    person_choices,
)
from phaodai.sheets.listexport import ListExport
from phaodai.ui.exports import list_export_response, records_by
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import filing_base, scope_from_request
from phaodai.ui.types import AuthedRequest

HISTORY_ON_DETAIL = 5
FIELDS = services.ESTABLISHMENT_FIELDS


@area_scoped(Capability.VIEW_ESTABLISHMENTS)
@require_GET
def establishment_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = EstablishmentFilterForm(request.GET)
    found = establishment_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    page = page_of(request, found)
    rows = list(page)
    cases = establishment_case_counts(user=request.user, establishments=rows)
    context = {
        "filters": filters,
        "page": page,
        "rows": [(establishment, cases.get(establishment.pk, 0)) for establishment in rows],
        "can_see_cases": has_capability(request.user, Capability.VIEW_CASES),
        "can_edit": has_capability(request.user, Capability.EDIT_ESTABLISHMENTS),
        "query_string": request.GET.urlencode(),
    }
    return render_partial(request, "establishments/establishment_list.html", context, partial="results")


ESTABLISHMENTS_EXPORT = ListExport(
    path="phaodai.establishments.views.ESTABLISHMENTS_EXPORT",
    kind="establishments.export",
    capability=Capability.VIEW_ESTABLISHMENTS,
    noun=gettext_lazy("cơ sở"),
    records=records_by(EstablishmentFilterForm, establishment_search),
    export=services.establishments_export,
)


@area_scoped(Capability.VIEW_ESTABLISHMENTS)
@require_GET
def establishment_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        ESTABLISHMENTS_EXPORT,
        form_class=ExportForm,
        template="establishments/establishment_export.html",
    )


@area_scoped(Capability.EDIT_ESTABLISHMENTS)
@require_http_methods(["GET", "POST"])
def establishment_create(request: AuthedRequest) -> HttpResponse:
    base = filing_base(request)
    units = establishment_units(user=request.user, within=base)
    if request.method == "POST":
        form = EstablishmentForm(request.POST, units=units)
        if form.is_valid():
            try:
                establishment, created = services.establishment_create(
                    actor=request.user, uuid=form.cleaned_data.get("uuid"), **form.service_fields()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Đã thêm cơ sở."))
                return redirect("establishments:establishment_detail", establishment_id=establishment.pk)
    else:
        form = EstablishmentForm(units=units)
    return render(
        request,
        "establishments/establishment_form.html",
        {"form": form, "creating": True, "too_wide": base is None},
    )


@area_scoped(Capability.VIEW_ESTABLISHMENTS)
@require_GET
def establishment_detail(request: AuthedRequest, establishment_id: int) -> HttpResponse:
    establishment = establishment_get_for_user(user=request.user, establishment_id=establishment_id)
    user = request.user
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=establishment)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=Establishment, user=user)
    members = establishment_members(user=user, establishment=establishment)
    return render(
        request,
        "establishments/establishment_detail.html",
        {
            "establishment": establishment,
            "is_school": establishment.kind == EstablishmentKind.SCHOOL,
            "members": members[:200],
            "member_count": members.count(),
            "inspections": establishment_inspections(user=user, establishment=establishment)[:20],
            "history": history,
            "can_edit": has_capability(user, Capability.EDIT_ESTABLISHMENTS),
            "can_inspect": has_capability(user, Capability.INSPECT_ESTABLISHMENTS),
            "can_see_violations": has_capability(user, Capability.VIEW_VIOLATIONS),
            "can_see_cases": has_capability(user, Capability.VIEW_CASES),
            "cases": establishment_cases(user=user, establishment=establishment),
            "recent_case_days": RECENT_CASE_DAYS,
            "operation_form": OperationForm(
                initial={
                    "version": establishment.version,
                    "may_operate": "1" if establishment.may_operate else "0",
                }
            ),
        },
    )


@area_scoped(Capability.EDIT_ESTABLISHMENTS)
@require_http_methods(["GET", "POST"])
def establishment_edit(request: AuthedRequest, establishment_id: int) -> HttpResponse:
    establishment = establishment_get_for_user(user=request.user, establishment_id=establishment_id)
    unit = establishment.unit
    units = establishment_units(
        user=request.user,
        within=filing_base(request, unit if unit.level <= UnitLevel.COMMUNE else unit.parent),
    )

    def initial_of(record: Establishment) -> dict[str, Any]:
        return {name: getattr(record, name) for name in FIELDS} | {"version": record.version}

    initial = initial_of(establishment)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = EstablishmentForm(request.POST, units=units, creating=False, initial=initial)
        if form.is_valid():
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                services.establishment_update(
                    actor=request.user,
                    establishment=establishment,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                establishment = establishment_get_for_user(
                    user=request.user, establishment_id=establishment_id
                )
                initial = initial_of(establishment)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Establishment)
                form = EstablishmentForm(data, units=units, creating=False, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("establishments:establishment_detail", establishment_id=establishment.pk)
    else:
        form = EstablishmentForm(units=units, creating=False, initial=initial)
    return render(
        request,
        "establishments/establishment_form.html",
        {
            "form": form,
            "creating": False,
            "establishment": establishment,
            "changed_meanwhile": changed_meanwhile,
        },
    )


@area_scoped(Capability.INSPECT_ESTABLISHMENTS)
@require_POST
def establishment_operation(request: AuthedRequest, establishment_id: int) -> HttpResponse:
    establishment = establishment_get_for_user(user=request.user, establishment_id=establishment_id)
    form = OperationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            services.establishment_operation_set(
                actor=request.user,
                establishment=establishment,
                may_operate=form.cleaned_data["may_operate"],
                note=form.cleaned_data["operate_note"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            messages.error(request, _("Cơ sở vừa được người khác thay đổi; hãy xem lại rồi làm lại."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi quyết định hoạt động của cơ sở."))
    return redirect("establishments:establishment_detail", establishment_id=establishment.pk)


@area_scoped(Capability.EDIT_ESTABLISHMENTS)
@require_http_methods(["GET", "POST"])
def member_add(request: AuthedRequest, establishment_id: int) -> HttpResponse:
    establishment = establishment_get_for_user(user=request.user, establishment_id=establishment_id)
    people = person_choices(user=request.user)
    if request.method == "POST":
        form = MemberForm(request.POST, people=people)
        if form.is_valid():
            try:
                services.member_add(actor=request.user, establishment=establishment, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm vào danh sách của cơ sở."))
                return redirect("establishments:establishment_detail", establishment_id=establishment.pk)
    else:
        role = "pupil" if establishment.kind == EstablishmentKind.SCHOOL else "worker"
        form = MemberForm(people=people, initial={"role": role})
    return render(
        request,
        "establishments/member_form.html",
        {"form": form, "establishment": establishment, "creating": True},
    )


@area_scoped(Capability.EDIT_ESTABLISHMENTS)
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, worker_id: int) -> HttpResponse:
    member = member_get_for_user(user=request.user, member_id=worker_id)
    people = person_choices(user=request.user)

    def initial_of(record: Member) -> dict[str, Any]:
        return {name: getattr(record, name) for name in services.MEMBER_FIELDS} | {"version": record.version}

    initial = initial_of(member)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = MemberForm(request.POST, people=people, creating=False, initial=initial)
        if form.is_valid():
            changed = {
                k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "version"
            }
            try:
                services.member_update(
                    actor=request.user,
                    member=member,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                member = member_get_for_user(user=request.user, member_id=worker_id)
                initial = initial_of(member)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Member)
                form = MemberForm(data, people=people, creating=False, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect(
                    "establishments:establishment_detail", establishment_id=member.establishment_id
                )
    else:
        form = MemberForm(people=people, creating=False, initial=initial)
    return render(
        request,
        "establishments/member_form.html",
        {
            "form": form,
            "establishment": member.establishment,
            "member": member,
            "creating": False,
            "changed_meanwhile": changed_meanwhile,
        },
    )


@area_scoped(Capability.INSPECT_ESTABLISHMENTS)
@require_http_methods(["GET", "POST"])
def inspection_create(request: AuthedRequest, establishment_id: int) -> HttpResponse:
    establishment = establishment_get_for_user(user=request.user, establishment_id=establishment_id)
    items = services.checklist_for(establishment.kind)
    if request.method == "POST":
        form = InspectionForm(request.POST, items=items)
        if form.is_valid():
            try:
                inspection = services.inspection_record(
                    actor=request.user,
                    establishment=establishment,
                    answers=form.answers(),
                    **form.service_fields(),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã ghi kết quả kiểm tra."))
                return redirect("establishments:inspection_detail", inspection_id=inspection.pk)
    else:
        form = InspectionForm(items=items, initial={"inspected_on": timezone.localdate()})
    return render(
        request, "establishments/inspection_form.html", {"form": form, "establishment": establishment}
    )


@area_scoped(Capability.VIEW_ESTABLISHMENTS)
@require_GET
def inspection_detail(request: AuthedRequest, inspection_id: int) -> HttpResponse:
    inspection = inspection_get_for_user(user=request.user, inspection_id=inspection_id)
    return render(
        request,
        "establishments/inspection_detail.html",
        {
            "inspection": inspection,
            "answers": inspection_answers(inspection=inspection),
            "can_inspect": has_capability(request.user, Capability.INSPECT_ESTABLISHMENTS),
            "follow_up_form": FollowUpForm(
                initial={"version": inspection.version, "done_on": timezone.localdate()}
            ),
        },
    )


@area_scoped(Capability.INSPECT_ESTABLISHMENTS)
@require_POST
def inspection_follow_up(request: AuthedRequest, inspection_id: int) -> HttpResponse:
    inspection = inspection_get_for_user(user=request.user, inspection_id=inspection_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            services.inspection_follow_up_done(
                actor=request.user,
                inspection=inspection,
                done_on=form.cleaned_data["done_on"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            messages.error(
                request, _("Kết quả kiểm tra vừa được người khác thay đổi; hãy xem lại rồi làm lại.")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi ngày khắc phục."))
    return redirect("establishments:inspection_detail", inspection_id=inspection.pk)


@area_scoped(Capability.VIEW_ESTABLISHMENTS)
@require_GET
def checklist(request: AuthedRequest) -> HttpResponse:
    """The criteria of each kind of establishment (data, with their source)."""
    kinds = [(label, services.checklist_for(code)) for code, label in EstablishmentKind.choices]
    return render(request, "establishments/checklist.html", {"kinds": kinds})
