"""Welfare pages: vulnerable households (not reached this week first), packages and their stock,
the delivery entry on a phone, the export. Thin views over the welfare selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.selectors import history_for
from phaodai.core.access import area_scoped, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.people.forms import EXPORT_PURPOSES
from phaodai.people.models import Household
from phaodai.people.selectors import household_search
from phaodai.sheets.listexport import ListExport
from phaodai.ui.exports import list_export_response, records_by
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.reads import record_viewed
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import Scope, scope_from_request
from phaodai.ui.types import AuthedRequest
from phaodai.welfare import services
from phaodai.welfare.export import welfare_export
from phaodai.welfare.forms import (
    DeliveryForm,
    PackageForm,
    ReceiptForm,
    VulnerableEditForm,
    VulnerableFilterForm,
    VulnerableForm,
)
from phaodai.welfare.models import VulnerableHousehold
from phaodai.welfare.selectors import (
    deliveries_of,
    delivery_search,
    nobody_hungry,
    package_deliveries,
    package_get_for_user,
    package_search,
    package_units,
    packages_for_unit,
    receipts_of,
    vulnerable_get_for_user,
    vulnerable_search,
)

HISTORY_ON_DETAIL = 5
RECENT_DELIVERIES = 10


def _form_unit(scope: Scope) -> AdminUnit | None:
    """The commune (or village) a form lists households of; None when the scope is wider."""
    if scope.unit is not None and scope.unit.level >= UnitLevel.COMMUNE:
        return scope.unit
    return None


def _households(request: AuthedRequest, unit: AdminUnit | None) -> QuerySet[Household]:
    if unit is None:
        return household_search(user=request.user).none()
    return household_search(user=request.user, unit=unit)


@area_scoped(Capability.VIEW_WELFARE)
@require_GET
def vulnerable_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = VulnerableFilterForm(request.GET)
    rows = vulnerable_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    context = {
        "filters": filters,
        "page": page_of(request, rows),
        "figure": nobody_hungry(user=request.user, unit=scope.unit),
        "can_edit": has_capability(request.user, Capability.EDIT_WELFARE),
        "can_deliver": has_capability(request.user, Capability.DELIVER_WELFARE),
        "can_export": has_capability(request.user, Capability.EXPORT_PEOPLE),
    }
    return render_partial(request, "welfare/vulnerable_list.html", context, partial="results")


@area_scoped(Capability.EDIT_WELFARE)
@require_http_methods(["GET", "POST"])
def vulnerable_create(request: AuthedRequest) -> HttpResponse:
    unit = _form_unit(scope_from_request(request))
    households = _households(request, unit)
    initial = {}
    if request.GET.get("household"):
        initial["household"] = request.GET["household"]
    if request.method == "POST":
        form = VulnerableForm(request.POST, households=households)
        if form.is_valid():
            try:
                record = services.vulnerable_mark(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("Đã đánh dấu hộ %(code)s là hộ khó khăn.") % {"code": record.household}
                )
                return redirect("welfare:vulnerable_detail", vulnerable_id=record.pk)
    else:
        form = VulnerableForm(households=households, initial=initial)
    return render(
        request, "welfare/vulnerable_form.html", {"form": form, "creating": True, "too_wide": unit is None}
    )


@area_scoped(Capability.VIEW_WELFARE)
@require_GET
def vulnerable_detail(request: AuthedRequest, vulnerable_id: int) -> HttpResponse:
    record = vulnerable_get_for_user(user=request.user, vulnerable_id=vulnerable_id)
    record_viewed(request, record)
    history = None
    if has_capability(request.user, Capability.VIEW_AUDIT):
        events = history_for(user=request.user, target=record)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=VulnerableHousehold, user=request.user)
    return render(
        request,
        "welfare/vulnerable_detail.html",
        {
            "record": record,
            "deliveries": deliveries_of(user=request.user, vulnerable=record)[:RECENT_DELIVERIES],
            "history": history,
            "can_edit": has_capability(request.user, Capability.EDIT_WELFARE),
            "can_deliver": has_capability(request.user, Capability.DELIVER_WELFARE),
        },
    )


@area_scoped(Capability.EDIT_WELFARE)
@require_http_methods(["GET", "POST"])
def vulnerable_edit(request: AuthedRequest, vulnerable_id: int) -> HttpResponse:
    record = vulnerable_get_for_user(user=request.user, vulnerable_id=vulnerable_id)

    def current(found: VulnerableHousehold) -> dict[str, object]:
        return {
            "vulnerabilities": found.vulnerabilities,
            "needs": found.needs,
            "active": found.active,
            "version": found.version,
        }

    initial = current(record)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = VulnerableEditForm(request.POST, initial=initial)
        if form.is_valid():
            changed = {
                k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "version"
            }
            try:
                services.vulnerable_update(
                    actor=request.user,
                    vulnerable=record,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                record = vulnerable_get_for_user(user=request.user, vulnerable_id=vulnerable_id)
                initial = current(record)
                data, changed_meanwhile = rebind_stale(form, stale, initial, VulnerableHousehold)
                form = VulnerableEditForm(data, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("welfare:vulnerable_detail", vulnerable_id=record.pk)
    else:
        form = VulnerableEditForm(initial=initial)
    return render(
        request,
        "welfare/vulnerable_form.html",
        {"form": form, "record": record, "creating": False, "changed_meanwhile": changed_meanwhile},
    )


@area_scoped(Capability.VIEW_WELFARE)
@require_GET
def package_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    return render(
        request,
        "welfare/package_list.html",
        {
            "packages": package_search(user=request.user, unit=scope.unit),
            "can_edit": has_capability(request.user, Capability.EDIT_WELFARE),
        },
    )


@area_scoped(Capability.EDIT_WELFARE)
@require_http_methods(["GET", "POST"])
def package_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    units = package_units(user=request.user, within=scope.unit)
    if request.method == "POST":
        form = PackageForm(request.POST, units=units)
        if form.is_valid():
            try:
                package = services.package_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": package.name})
                return redirect("welfare:package_detail", package_id=package.pk)
    else:
        form = PackageForm(units=units)
    return render(request, "welfare/package_form.html", {"form": form})


@area_scoped(Capability.VIEW_WELFARE)
@require_GET
def package_detail(request: AuthedRequest, package_id: int) -> HttpResponse:
    package = package_get_for_user(user=request.user, package_id=package_id)
    return render(
        request,
        "welfare/package_detail.html",
        {
            "package": package,
            "receipts": receipts_of(user=request.user, package=package)[:RECENT_DELIVERIES],
            "deliveries": package_deliveries(user=request.user, package=package)[:RECENT_DELIVERIES],
            "can_edit": has_capability(request.user, Capability.EDIT_WELFARE),
        },
    )


@area_scoped(Capability.EDIT_WELFARE)
@require_http_methods(["GET", "POST"])
def package_receive(request: AuthedRequest, package_id: int) -> HttpResponse:
    package = package_get_for_user(user=request.user, package_id=package_id)
    if request.method == "POST":
        form = ReceiptForm(request.POST)
        if form.is_valid():
            try:
                services.package_receive(actor=request.user, package=package, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã nhập %(n)d %(unit)s %(name)s.")
                    % {"n": form.cleaned_data["quantity"], "unit": package.unit_label, "name": package.name},
                )
                return redirect("welfare:package_detail", package_id=package.pk)
    else:
        form = ReceiptForm()
    return render(request, "welfare/receipt_form.html", {"form": form, "package": package})


@area_scoped(Capability.DELIVER_WELFARE)
@require_http_methods(["GET", "POST"])
def delivery_create(request: AuthedRequest) -> HttpResponse:
    """A delivery entered on a phone at the household's door: household, package, how many, who."""
    scope = scope_from_request(request)
    unit = _form_unit(scope)
    households = _households(request, unit)
    packages = (
        packages_for_unit(user=request.user, unit=unit)
        if unit is not None
        else package_search(user=request.user).none()
    )
    if request.method == "POST":
        form = DeliveryForm(request.POST, households=households, packages=packages)
        if form.is_valid():
            try:
                delivery = services.delivery_record(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận phát %(n)d %(unit)s %(name)s cho hộ %(household)s.")
                    % {
                        "n": delivery.quantity,
                        "unit": delivery.package.unit_label,
                        "name": delivery.package.name,
                        "household": delivery.household,
                    },
                )
                target = redirect("welfare:delivery_create")
                if scope.unit_param:
                    target["Location"] += f"?{scope.unit_param}"
                return target
    else:
        initial = {"household": request.GET.get("household")} if request.GET.get("household") else {}
        form = DeliveryForm(households=households, packages=packages, initial=initial)
    return render(
        request,
        "welfare/delivery_form.html",
        {
            "form": form,
            "too_wide": unit is None,
            "recent": delivery_search(user=request.user, unit=scope.unit)[:RECENT_DELIVERIES],
        },
    )


VULNERABLE_EXPORT = ListExport(
    path="phaodai.welfare.views.VULNERABLE_EXPORT",
    kind="welfare.export",
    capability=Capability.EXPORT_PEOPLE,
    noun=gettext_lazy("hộ khó khăn"),
    records=records_by(VulnerableFilterForm, vulnerable_search),
    export=welfare_export,
)


@area_scoped(Capability.EXPORT_PEOPLE)
@require_GET
def vulnerable_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        VULNERABLE_EXPORT,
        form_class=ExportForm,
        template="welfare/vulnerable_export.html",
        context={"purposes": EXPORT_PURPOSES},
    )
