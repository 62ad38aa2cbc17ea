"""Request desk pages: the public form and receipt (no login), the desk of the command centre.

The public pages are ``@public``: light (no script), on a phone, a strict CSP like every page;
sending is limited per address (rate ``resident_requests``), looking up a receipt too
(``receipt_lookup``). The desk pages are scoped: lists and records inside the jurisdiction.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.areas.enums import UnitLevel
from phaodai.areas.selectors import residence_units, units_for_user
from phaodai.audit.selectors import history_for
from phaodai.core import ratelimit
from phaodai.core.access import area_scoped, has_capability, public
from phaodai.core.clients import client_ip
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.people.access import person_get_for_user
from phaodai.people.forms import EXPORT_PURPOSES
from phaodai.people.selectors import person_search
from phaodai.requests_desk import services
from phaodai.requests_desk.enums import RequestStatus
from phaodai.requests_desk.export import requests_export
from phaodai.requests_desk.forms import (
    AssignForm,
    LinkPersonForm,
    LookupForm,
    PersonLookupForm,
    PublicRequestForm,
    RequestFilterForm,
    RequestForm,
    ResolveForm,
    StartForm,
)
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.selectors import (
    assignee_choices,
    public_children,
    public_places,
    public_unit,
    request_by_receipt,
    request_get_for_user,
    request_search,
)
from phaodai.sheets.listexport import ListExport
from phaodai.ui.exports import list_export_response, records_by
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import field_label, format_value, history_entries
from phaodai.ui.reads import record_viewed
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest, HtmxRequest

HISTORY_ON_DETAIL = 8
PERSON_MATCHES = 8


# --- public: the form, the receipt -------------------------------------------------------------


def _too_many(request: HttpRequest, wait: int) -> HttpResponse:
    """The public form's refusal: why, in Vietnamese, and when to try again; nothing saved."""
    response = render(
        request,
        "requests_desk/public_limited.html",
        {"wait_minutes": max(1, -(-wait // 60))},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@public
@require_http_methods(["GET", "POST"])
def public_form(request: HtmxRequest) -> HttpResponse:
    """``?noi=<unit>``: the tree is walked down by links (province → … → commune); at a commune
    the form asks for the village and the request. A POST is counted per address first."""
    place = public_unit(request.GET.get("noi") or request.POST.get("noi"))
    commune = place if place is not None and place.level >= UnitLevel.COMMUNE else None
    if commune is not None and commune.level == UnitLevel.VILLAGE and commune.parent is not None:
        commune = commune.parent
    if commune is None:
        return render(
            request,
            "requests_desk/public_choose.html",
            {"place": place, "children": public_children(place)},
        )
    units = public_places(commune)
    if request.method == "POST":
        wait = ratelimit.hit("resident_requests", f"ip:{client_ip(request)}")
        if wait is not None:
            return _too_many(request, wait)
        form = PublicRequestForm(request.POST, units=units)
        if form.is_valid():
            try:
                created = services.request_submit_public(**form.service_fields())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect("requests_desk:receipt", receipt_code=created.receipt_code)
    else:
        initial = {"unit": place} if place is not None and place.level == UnitLevel.VILLAGE else {}
        form = PublicRequestForm(units=units, initial=initial)
    return render(request, "requests_desk/public_form.html", {"form": form, "commune": commune})


@public
@require_GET
def public_lookup(request: HtmxRequest) -> HttpResponse:
    """The resident types the code from their receipt."""
    form = LookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        wait = ratelimit.hit("receipt_lookup", f"ip:{client_ip(request)}")
        if wait is not None:
            return _too_many(request, wait)
        found = request_by_receipt(form.cleaned_data["code"])
        if found is not None:
            return redirect("requests_desk:receipt", receipt_code=found.receipt_code)
        form.add_error("code", _("Không có yêu cầu nào với mã này. Hãy kiểm tra lại mã trên biên nhận."))
    return render(request, "requests_desk/public_lookup.html", {"form": form})


@public
@require_GET
def public_receipt(request: HtmxRequest, receipt_code: str) -> HttpResponse:
    """The resident's receipt: status, dates, resolution; no name, phone or anyone else's data."""
    wait = ratelimit.hit("receipt_lookup", f"ip:{client_ip(request)}")
    if wait is not None:
        return _too_many(request, wait)
    found = request_by_receipt(receipt_code)
    if found is None:
        raise Http404
    return render(request, "requests_desk/public_receipt.html", {"item": found})


# --- the desk --------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_REQUESTS)
@require_GET
def request_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = RequestFilterForm(request.GET)
    found = request_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    context = {
        "filters": filters,
        "page": page_of(request, found),
        "can_handle": has_capability(request.user, Capability.HANDLE_REQUESTS),
        "can_export": has_capability(request.user, Capability.EXPORT_PEOPLE),
    }
    return render_partial(request, "requests_desk/request_list.html", context, partial="results")


REQUESTS_EXPORT = ListExport(
    path="phaodai.requests_desk.views.REQUESTS_EXPORT",
    kind="requests_desk.export",
    capability=Capability.EXPORT_PEOPLE,
    noun=gettext_lazy("yêu cầu"),
    records=records_by(RequestFilterForm, request_search),
    export=requests_export,
)


@area_scoped(Capability.EXPORT_PEOPLE)
@require_GET
def request_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        REQUESTS_EXPORT,
        form_class=ExportForm,
        template="requests_desk/request_export.html",
        context={"purposes": EXPORT_PURPOSES},
    )


@area_scoped(Capability.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def request_create(request: AuthedRequest) -> HttpResponse:
    """The officer on duty enters a request received by phone (optionally for a resident found)."""
    scope = scope_from_request(request)
    base = scope.unit if scope.unit is not None and scope.unit.level >= UnitLevel.DISTRICT else None
    units = (
        residence_units(user=request.user, within=base)
        if base is not None
        else units_for_user(user=request.user).none()
    )
    person = None
    person_id = request.GET.get("person") or request.POST.get("person")
    if person_id:
        person = person_get_for_user(user=request.user, person_id=person_id)
    if request.method == "POST":
        form = RequestForm(request.POST, units=units)
        if form.is_valid():
            try:
                created = services.request_create(actor=request.user, person=person, **form.service_fields())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận yêu cầu, mã biên nhận %(code)s.") % {"code": created.receipt_display},
                )
                return redirect("requests_desk:detail", request_id=created.pk)
    else:
        initial = {"unit": person.residence_unit} if person is not None else {}
        form = RequestForm(units=units, initial=initial)
    return render(
        request,
        "requests_desk/request_form.html",
        {"form": form, "person": person, "too_wide": base is None},
    )


def _detail_context(request: AuthedRequest, item: ResidentRequest) -> dict[str, object]:
    user = request.user
    can_handle = has_capability(user, Capability.HANDLE_REQUESTS) and item.is_open
    lookup = PersonLookupForm(request.GET)
    lookup.is_valid()
    query = lookup.cleaned_data.get("q", "") if hasattr(lookup, "cleaned_data") else ""
    matches = []
    if can_handle and query and has_capability(user, Capability.VIEW_PEOPLE):
        matches = list(person_search(user=user, query=query)[:PERSON_MATCHES])
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=item)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=ResidentRequest, user=user)
    return {
        "item": item,
        "can_handle": can_handle,
        "assign_form": AssignForm(
            people=assignee_choices(user=user, request=item), initial={"version": item.version}
        )
        if can_handle
        else None,
        "start_form": StartForm(initial={"version": item.version}),
        "lookup": lookup,
        "matches": matches,
        "history": history,
    }


@area_scoped(Capability.VIEW_REQUESTS)
@require_GET
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = request_get_for_user(user=request.user, request_id=request_id)
    record_viewed(request, item)
    return render(request, "requests_desk/request_detail.html", _detail_context(request, item))


def _stale_message(request: AuthedRequest, stale: StaleRecordError) -> None:
    messages.warning(
        request,
        _("Yêu cầu vừa được người khác cập nhật; hãy xem lại rồi làm tiếp."),
    )


@area_scoped(Capability.HANDLE_REQUESTS)
@require_POST
def request_assign(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = request_get_for_user(user=request.user, request_id=request_id)
    people = assignee_choices(user=request.user, request=item)
    form = AssignForm(request.POST, people=people)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("requests_desk:detail", request_id=item.pk)
    assignee = next(person for person in people if person.pk == form.cleaned_data["assigned_to"])
    try:
        services.request_update(
            actor=request.user,
            request=item,
            expected_version=form.cleaned_data["version"],
            assigned_to=assignee,
        )
    except StaleRecordError as stale:
        _stale_message(request, stale)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã giao yêu cầu cho %(name)s.") % {"name": assignee.get_full_name() or assignee.username},
        )
    return redirect("requests_desk:detail", request_id=item.pk)


@area_scoped(Capability.HANDLE_REQUESTS)
@require_POST
def request_start(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = request_get_for_user(user=request.user, request_id=request_id)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            services.request_update(
                actor=request.user,
                request=item,
                expected_version=form.cleaned_data["version"],
                status=RequestStatus.IN_PROGRESS,
            )
        except StaleRecordError as stale:
            _stale_message(request, stale)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã chuyển sang đang xử lý."))
    else:
        messages.error(request, _("Trang đã cũ; hãy tải lại trang rồi sửa."))
    return redirect("requests_desk:detail", request_id=item.pk)


@area_scoped(Capability.HANDLE_REQUESTS)
@require_POST
def request_link_person(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = request_get_for_user(user=request.user, request_id=request_id)
    form = LinkPersonForm(request.POST)
    if form.is_valid():
        person = person_get_for_user(user=request.user, person_id=form.cleaned_data["person"])
        try:
            services.request_update(
                actor=request.user, request=item, expected_version=form.cleaned_data["version"], person=person
            )
        except StaleRecordError as stale:
            _stale_message(request, stale)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã liên kết với nhân khẩu %(name)s.") % {"name": person.full_name})
    else:
        messages.error(request, _("Trang đã cũ; hãy tải lại trang rồi sửa."))
    return redirect("requests_desk:detail", request_id=item.pk)


@area_scoped(Capability.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def request_resolve(request: AuthedRequest, request_id: int) -> HttpResponse:
    """Close a request: resolved with what was done, or not, with why (the time to resolve)."""
    item = request_get_for_user(user=request.user, request_id=request_id)
    if not item.is_open:
        messages.info(request, _("Yêu cầu này đã đóng."))
        return redirect("requests_desk:detail", request_id=item.pk)
    initial = {"version": item.version, "resolution": item.resolution, "outcome": RequestStatus.RESOLVED}
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = ResolveForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                services.request_update(
                    actor=request.user,
                    request=item,
                    expected_version=form.cleaned_data["version"],
                    status=form.cleaned_data["outcome"],
                    resolution=form.cleaned_data["resolution"],
                )
            except StaleRecordError as stale:
                item = request_get_for_user(user=request.user, request_id=request_id)
                initial = {
                    "version": item.version,
                    "resolution": item.resolution,
                    "outcome": RequestStatus.RESOLVED,
                }
                data, changed_meanwhile = rebind_stale(form, stale, initial, ResidentRequest)
                if not changed_meanwhile:  # changed meanwhile outside this form (assigned, started)
                    changed_meanwhile = [
                        ChangedMeanwhile(
                            label=field_label(ResidentRequest, name),
                            value=format_value(ResidentRequest, name, raw),
                        )
                        for name, raw in stale.changed.items()
                    ]
                form = ResolveForm(data, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã đóng yêu cầu %(code)s.") % {"code": item.receipt_display})
                return redirect("requests_desk:detail", request_id=item.pk)
    else:
        form = ResolveForm(initial=initial)
    return render(
        request,
        "requests_desk/request_resolve.html",
        {"form": form, "item": item, "changed_meanwhile": changed_meanwhile},
    )
