"""Home-care pages: the commune's board of the day, a case's sheet, entries, links, the public sheet.

Staff pages are thin views over ``homecare.selectors`` and ``homecare.services``. The public
sheet (``public_entry``) needs no account: it is opened by a personal link and answers only
for that link's case, until its isolation ends; it is a small page without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.cases.selectors import case_for_user
from phaodai.core.access import area_scoped, has_capability, public
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.homecare import selectors, services
from phaodai.homecare.enums import Slot
from phaodai.homecare.errors import HomecareErrorCode
from phaodai.homecare.forms import BoardFilterForm, EntryEditForm, LinkEntryForm, StaffEntryForm
from phaodai.homecare.models import MonitoringEntry
from phaodai.homecare.qr import qr_png, qr_svg
from phaodai.homecare.signs import WarningSignsParams, evaluate
from phaodai.homecare.slots import slot_of
from phaodai.homecare.validators import READING_FIELDS
from phaodai.rules.selectors import params
from phaodai.ui.forms import ChangedMeanwhile, apply_service_errors, rebind_stale
from phaodai.ui.reads import rate_limited, record_viewed
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest

ENTRIES_ON_CASE_PAGE = 60


# --- the board of the day ----------------------------------------------------------------------


@area_scoped(Capability.VIEW_HOMECARE)
@require_GET
def board(request: AuthedRequest) -> HttpResponse:
    """Today's (or a chosen day's) entries and missing half-days of every case at home."""
    scope = scope_from_request(request)
    filters = BoardFilterForm(request.GET or None)
    day = filters.chosen_day(timezone.localdate())
    rows = selectors.today_board(user=request.user, unit=scope.unit, day=day)
    context = {
        "filters": filters,
        "day": day,
        "rows": rows,
        "figures": selectors.board_figures(rows),
        "can_record": has_capability(request.user, Capability.RECORD_HOMECARE),
    }
    return render(request, "homecare/board.html", context)


# --- one case ------------------------------------------------------------------------------------


def _entry_rows(entries: list[MonitoringEntry]) -> list[dict[str, Any]]:
    return [{"entry": entry, "symptoms": selectors.symptom_labels(entry)} for entry in entries]


@area_scoped(Capability.VIEW_HOMECARE)
@require_GET
def case_sheet(request: AuthedRequest, case_id: int) -> HttpResponse:
    """The case's monitoring sheet: every entry with its signs, missed half-days, its links."""
    case = case_for_user(request.user, case_id)
    entries = list(selectors.entries_of_case(user=request.user, case=case)[:ENTRIES_ON_CASE_PAGE])
    record_viewed(request, case, page="homecare:case_sheet")
    context = {
        "case": case,
        "rows": _entry_rows(entries),
        "missed": list(selectors.missed_of_case(user=request.user, case=case)[:60]),
        "links": list(selectors.links_of_case(user=request.user, case=case)[:10]),
        "can_record": has_capability(request.user, Capability.RECORD_HOMECARE),
    }
    return render(request, "homecare/case_sheet.html", context)


@area_scoped(Capability.RECORD_HOMECARE)
@require_http_methods(["GET", "POST"])
def entry_create(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = case_for_user(request.user, case_id)
    today, current = slot_of(timezone.now())
    try:
        _rule_set, rules = services.warning_rule(case, today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("homecare:case_sheet", case_id=case.pk)
    symptoms = rules.symptom_choices()
    if request.method == "POST":
        form = StaffEntryForm(request.POST, symptoms=symptoms)
        if form.is_valid():
            try:
                entry, _created = services.entry_create(
                    actor=request.user,
                    case=case,
                    day=form.cleaned_data["day"],
                    slot=form.cleaned_data["slot"],
                    values=form.reading_values(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if entry.has_warning:
                    messages.warning(request, _("Đã lưu. Có dấu hiệu cảnh báo: đã báo cán bộ y tế của xã."))
                else:
                    messages.success(request, _("Đã lưu phiếu theo dõi."))
                return redirect("homecare:case_sheet", case_id=case.pk)
    else:
        form = StaffEntryForm(initial={"day": today, "slot": current.value}, symptoms=symptoms)
    return render(request, "homecare/entry_form.html", {"form": form, "case": case, "creating": True})


@area_scoped(Capability.RECORD_HOMECARE)
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    rules = params(entry.rule_set, WarningSignsParams)
    symptoms = rules.symptom_choices()
    initial = _entry_initial(entry)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = EntryEditForm(request.POST, symptoms=symptoms, initial=initial)
        if form.is_valid():
            try:
                services.entry_update(
                    actor=request.user,
                    entry=entry,
                    values=form.reading_values(),
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleRecordError as stale:
                entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
                initial = _entry_initial(entry)
                data, changed_meanwhile = rebind_stale(form, stale, initial, MonitoringEntry)
                form = EntryEditForm(data, symptoms=symptoms, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("homecare:case_sheet", case_id=entry.case_id)
    else:
        form = EntryEditForm(initial=initial, symptoms=symptoms)
    context = {
        "form": form,
        "case": entry.case,
        "entry": entry,
        "creating": False,
        "changed_meanwhile": changed_meanwhile,
    }
    return render(request, "homecare/entry_form.html", context)


def _entry_initial(entry: MonitoringEntry) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: ("" if getattr(entry, name) is None else str(getattr(entry, name)).replace(".", ","))
        for name in READING_FIELDS
    }
    return {**values, "symptoms": list(entry.symptoms), "note": entry.note, "version": entry.version}


# --- personal links ------------------------------------------------------------------------------


def _public_url(request: HttpRequest, case_id: int, token: str) -> str:
    return request.build_absolute_uri(
        reverse("homecare:public_entry", kwargs={"case_id": case_id, "token": token})
    )


@area_scoped(Capability.RECORD_HOMECARE)
@require_POST
def link_create(request: AuthedRequest, case_id: int) -> HttpResponse:
    """A new personal link: shown once (link and QR code), never again (only its hash is kept)."""
    case = case_for_user(request.user, case_id)
    try:
        issued = services.link_create(actor=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("homecare:case_sheet", case_id=case.pk)
    address = _public_url(request, case.pk, issued.token)
    context = {
        "case": case,
        "link": issued.link,
        "address": address,
        "token": issued.token,
        "qr": qr_svg(address),
    }
    response = render(request, "homecare/link_issued.html", context)
    response["Cache-Control"] = "no-store"
    return response


@area_scoped(Capability.RECORD_HOMECARE)
@require_POST
def link_qr(request: AuthedRequest, case_id: int) -> HttpResponse:
    """The QR code of a live link as a PNG to print or send; the token is posted back, not stored."""
    case = case_for_user(request.user, case_id)
    token = request.POST.get("token", "")
    try:
        services.link_resolve(token=token, case_id=case.pk)
    except services.LinkRefusedError as refused:
        return HttpResponse(" ".join(refused.messages), status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(qr_png(_public_url(request, case.pk, token)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="theo-doi-ca-{case.pk}.png"'
    response["Cache-Control"] = "no-store"
    return response


@area_scoped(Capability.RECORD_HOMECARE)
@require_POST
def link_revoke(request: AuthedRequest, link_id: int) -> HttpResponse:
    link = selectors.link_get_for_user(user=request.user, link_id=link_id)
    services.link_revoke(actor=request.user, link=link)
    messages.success(
        request, _("Đã thu hồi đường dẫn: người bệnh không ghi phiếu bằng đường dẫn đó được nữa.")
    )
    return redirect("homecare:case_sheet", case_id=link.case_id)


# --- the public sheet ------------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # no-referrer would send "Origin: null" and fail CSRF
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@public
@rate_limited("homecare_link")
@require_http_methods(["GET", "POST"])
def public_entry(request: HttpRequest, case_id: int, token: str) -> HttpResponse:
    """The monitoring sheet opened by a personal link (the case or a relative, no account)."""
    now = timezone.now()
    try:
        link = services.link_resolve(token=token, case_id=case_id, today=timezone.localdate(now))
    except services.LinkRefusedError as refused:
        status = (
            410 if refused.reason in (HomecareErrorCode.LINK_EXPIRED, HomecareErrorCode.LINK_REVOKED) else 404
        )
        return _private(
            render(request, "homecare/link_refused.html", {"message": refused.messages[0]}, status=status)
        )
    case = link.case
    today, current = slot_of(now)
    try:
        _rule_set, rules = services.warning_rule(case, today)
    except ValidationError as error:
        return _private(
            render(request, "homecare/link_refused.html", {"message": error.messages[0]}, status=503)
        )
    afternoon_open = current == Slot.AFTERNOON
    if request.method == "POST":
        form = LinkEntryForm(request.POST, symptoms=rules.symptom_choices(), afternoon_open=afternoon_open)
        if form.is_valid():
            try:
                services.entry_create_by_link(
                    link=link,
                    values=form.reading_values(),
                    slot=form.cleaned_data["slot"],
                    note=form.cleaned_data["note"],
                    now=now,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect(request.path + "?da-ghi=1")
    else:
        form = LinkEntryForm(
            initial={"slot": current.value}, symptoms=rules.symptom_choices(), afternoon_open=afternoon_open
        )
    todays = selectors.entries_of_link_case_on(link=link, day=today)
    age = services.age_in_months(case.person, today)
    shown = [
        {"entry": entry, "signs": evaluate(rules, services.entry_reading(entry), age_months=age).raised}
        for entry in todays
    ]
    context = {
        "case": case,
        "form": form,
        "today": today,
        "entries": shown,
        "saved": request.GET.get("da-ghi") == "1" and request.method == "GET",
        "warning": any(row["signs"] for row in shown),
        "until": case.isolation_until,
    }
    return _private(render(request, "homecare/public_entry.html", context))
