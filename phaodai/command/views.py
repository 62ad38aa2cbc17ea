"""Command pages: centres and committees, their members and documents, the duty roster.

Thin views: a form parses input, a selector reads, a service writes; ``ValidationError``s go on
the form, a stale edit is shown with what changed meanwhile (``rebind_stale``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phaodai.areas.enums import UnitLevel
from phaodai.areas.selectors import units_for_user
from phaodai.audit.selectors import history_for
from phaodai.command import export, roster, selectors, services
from phaodai.command.access import (
    centre_get_for_user,
    committee_get_for_user,
    document_get_for_user,
    member_get_for_user,
    shift_get_for_user,
)
from phaodai.command.documents import document_add
from phaodai.command.forms import (
    CentreForm,
    CommitteeForm,
    DocumentForm,
    GenerateForm,
    MemberFilterForm,
    MemberForm,
    ShiftForm,
    SwapForm,
)
from phaodai.command.models import CommandCentre, Member, Shift, SteeringCommittee
from phaodai.core.access import area_scoped, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest

HISTORY_ON_DETAIL = 5
Body = CommandCentre | SteeringCommittee


def _can_manage(request: AuthedRequest) -> bool:
    return has_capability(request.user, Capability.MANAGE_COMMAND)


def _body_units(request: AuthedRequest) -> Any:
    """Where a body may be set up: provinces, districts and communes of the jurisdiction."""
    scope = scope_from_request(request)
    units = units_for_user(user=request.user).filter(level__lte=UnitLevel.COMMUNE)
    if scope.unit is not None:
        units = units.within(scope.unit.path)
    return units.order_by("path")


# Overview ----------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """The centres and committees of the area, when each was established, who is on duty now,
    and the units still without a centre."""
    scope = scope_from_request(request)
    now = timezone.now()
    centres = list(selectors.centres_for_user(user=request.user, unit=scope.unit)[:500])
    rows = [{"centre": c, "on_duty": selectors.officers_on_duty_at_centre(c, now)} for c in centres]
    context = {
        "rows": rows,
        "committees": list(selectors.committees_for_user(user=request.user, unit=scope.unit)[:500]),
        "without_centre": selectors.units_without_centre(user=request.user, unit=scope.unit)
        if scope.unit is not None
        else [],
        "can_manage": _can_manage(request),
    }
    return render(request, "command/home.html", context)


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def on_duty_badge(request: AuthedRequest) -> HttpResponse:
    """The menu's line for a centre's staff: who is on duty there now, with their phone."""
    duty = selectors.duty_now_for_user(user=request.user)
    return render(request, "command/_on_duty_badge.html", {"duty": duty})


# Centres and committees ----------------------------------------------------------------------


def _body_context(request: AuthedRequest, body: Body) -> dict[str, Any]:
    members = list(selectors.body_members(body))
    history = None
    if has_capability(request.user, Capability.VIEW_AUDIT):
        events = history_for(user=request.user, target=body)[: HISTORY_ON_DETAIL + 1]
        history = history_entries(events=events, model=type(body), user=request.user)
    return {
        "body": body,
        "is_centre": isinstance(body, CommandCentre),
        "members": members,
        "notes": selectors.composition_notes(body, members),
        "documents": list(selectors.body_documents(body)),
        "history": history[:HISTORY_ON_DETAIL] if history is not None else None,
        "can_manage": _can_manage(request),
    }


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def centre_detail(request: AuthedRequest, centre_id: int) -> HttpResponse:
    centre = centre_get_for_user(user=request.user, centre_id=centre_id)
    now = timezone.now()
    today = timezone.localdate()
    week_start = today - dt.timedelta(days=today.weekday())
    start = roster.day_start(centre, week_start)
    end = roster.day_start(centre, week_start + dt.timedelta(days=7))
    context = _body_context(request, centre) | {
        "centre": centre,
        "on_duty": selectors.officers_on_duty_at_centre(centre, now),
        "next_shifts": list(selectors.centre_shifts(centre, now, now + dt.timedelta(hours=24))[:12]),
        "check": roster.roster_check(centre, start, end),
        "week_start": week_start,
    }
    return render(request, "command/centre_detail.html", context)


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def committee_detail(request: AuthedRequest, committee_id: int) -> HttpResponse:
    committee = committee_get_for_user(user=request.user, committee_id=committee_id)
    return render(request, "command/committee_detail.html", _body_context(request, committee))


def _body_create(request: AuthedRequest, *, centre: bool) -> HttpResponse:
    form_class = CentreForm if centre else CommitteeForm
    units = _body_units(request)
    scope = scope_from_request(request)
    initial: dict[str, Any] = {}
    if scope.unit is not None and scope.unit.level <= UnitLevel.COMMUNE:
        initial["unit"] = scope.unit
        initial["name"] = (
            _("Trung tâm Chỉ huy phòng, chống dịch Covid-19 %(unit)s")
            if centre
            else _("Ban Chỉ đạo phòng, chống dịch Covid-19 %(unit)s")
        ) % {"unit": scope.unit.name}
    if request.method == "POST":
        form = form_class(request.POST, units=units)
        if form.is_valid():
            uuid = form.cleaned_data.get("uuid")
            try:
                body: Body
                if centre:
                    body, created = services.centre_create(
                        actor=request.user, uuid=uuid, **form.service_fields()
                    )
                else:
                    body, created = services.committee_create(
                        actor=request.user, uuid=uuid, **form.service_fields()
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Đã lưu."))
                if isinstance(body, CommandCentre):
                    return redirect("command:centre_detail", centre_id=body.pk)
                return redirect("command:committee_detail", committee_id=body.pk)
    else:
        form = form_class(units=units, initial=initial)
    return render(request, "command/body_form.html", {"form": form, "creating": True, "is_centre": centre})


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def centre_create(request: AuthedRequest) -> HttpResponse:
    return _body_create(request, centre=True)


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def committee_create(request: AuthedRequest) -> HttpResponse:
    return _body_create(request, centre=False)


def _body_edit(request: AuthedRequest, body: Body) -> HttpResponse:
    centre = isinstance(body, CommandCentre)
    form_class = CentreForm if centre else CommitteeForm
    fields = [name for name in form_class.base_fields if name not in ("uuid", "version", "unit")]

    def initial_of(record: Body) -> dict[str, Any]:
        return {name: getattr(record, name) for name in fields} | {"version": record.version}

    initial = initial_of(body)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = form_class(request.POST, units=None, initial=initial)
        if form.is_valid():
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                if isinstance(body, CommandCentre):
                    services.centre_update(
                        actor=request.user,
                        centre=body,
                        expected_version=form.cleaned_data["version"],
                        **changed,
                    )
                else:
                    services.committee_update(
                        actor=request.user,
                        committee=body,
                        expected_version=form.cleaned_data["version"],
                        **changed,
                    )
            except StaleRecordError as stale:
                body.refresh_from_db()
                initial = initial_of(body)
                data, changed_meanwhile = rebind_stale(form, stale, initial, type(body))
                form = form_class(data, units=None, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect(_body_url(body))
    else:
        form = form_class(units=None, initial=initial)
    return render(
        request,
        "command/body_form.html",
        {
            "form": form,
            "body": body,
            "creating": False,
            "is_centre": centre,
            "changed_meanwhile": changed_meanwhile,
        },
    )


def _body_url(body: Body) -> str:
    if isinstance(body, CommandCentre):
        return reverse("command:centre_detail", kwargs={"centre_id": body.pk})
    return reverse("command:committee_detail", kwargs={"committee_id": body.pk})


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def centre_edit(request: AuthedRequest, centre_id: int) -> HttpResponse:
    return _body_edit(request, centre_get_for_user(user=request.user, centre_id=centre_id))


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def committee_edit(request: AuthedRequest, committee_id: int) -> HttpResponse:
    return _body_edit(request, committee_get_for_user(user=request.user, committee_id=committee_id))


# Members -------------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def member_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = MemberFilterForm(request.GET)
    found = selectors.member_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    context = {"filters": filters, "page": page_of(request, found), "can_manage": _can_manage(request)}
    return render_partial(request, "command/member_list.html", context, partial="results")


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def member_export(request: AuthedRequest) -> HttpResponseBase:
    scope = scope_from_request(request)
    filters = MemberFilterForm(request.GET)
    found = selectors.member_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    form = ExportForm(request.GET if "purpose" in request.GET else None)
    if not form.is_valid():
        kept = [(k, v) for k, v in request.GET.items() if k not in ("purpose", "fmt", "page")]
        return render(
            request,
            "command/export.html",
            {
                "form": form,
                "count": found.count(),
                "kept": kept,
                "what": _("thành viên"),
                "action": "command:member_export",
            },
        )
    content, content_type, filename = export.members_export(
        actor=request.user,
        members=list(found),
        fmt=form.cleaned_data["fmt"] or "csv",
        purpose=form.cleaned_data["purpose"],
    )
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _member_form(request: AuthedRequest, body: Body, *, member: Member | None) -> HttpResponse:
    areas = selectors.member_area_choices(user=request.user, body=body)
    users = selectors.member_user_choices(body=body)
    fields = [n for n in MemberForm.base_fields if n not in ("uuid", "version")]

    def initial_of(record: Member) -> dict[str, Any]:
        return {name: getattr(record, name) for name in fields} | {"version": record.version}

    initial = initial_of(member) if member is not None else {}
    changed_meanwhile: list[ChangedMeanwhile] = []
    creating = member is None
    if request.method == "POST":
        form = MemberForm(request.POST, areas=areas, users=users, creating=creating, initial=initial)
        if form.is_valid():
            try:
                if member is None:
                    services.member_create(
                        actor=request.user,
                        body=body,
                        uuid=form.cleaned_data.get("uuid"),
                        **form.service_fields(),
                    )
                else:
                    changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
                    services.member_update(
                        actor=request.user,
                        member=member,
                        expected_version=form.cleaned_data["version"],
                        **changed,
                    )
            except StaleRecordError as stale:
                if member is not None:
                    member.refresh_from_db()
                    initial = initial_of(member)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Member)
                form = MemberForm(data, areas=areas, users=users, creating=creating, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect(_body_url(body))
    else:
        form = MemberForm(areas=areas, users=users, creating=creating, initial=initial)
    return render(
        request,
        "command/member_form.html",
        {
            "form": form,
            "body": body,
            "is_centre": isinstance(body, CommandCentre),
            "member": member,
            "creating": creating,
            "changed_meanwhile": changed_meanwhile,
        },
    )


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def centre_member_create(request: AuthedRequest, centre_id: int) -> HttpResponse:
    return _member_form(request, centre_get_for_user(user=request.user, centre_id=centre_id), member=None)


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def committee_member_create(request: AuthedRequest, committee_id: int) -> HttpResponse:
    return _member_form(
        request, committee_get_for_user(user=request.user, committee_id=committee_id), member=None
    )


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = member_get_for_user(user=request.user, member_id=member_id)
    return _member_form(request, member.body, member=member)


# Documents -----------------------------------------------------------------------------------


def _document_form(request: AuthedRequest, body: Body) -> HttpResponse:
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document_add(
                    actor=request.user,
                    body=body,
                    kind=data["kind"],
                    title=data["title"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    upload=data["file"],
                    uuid=data.get("uuid"),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã đính kèm văn bản."))
                return redirect(_body_url(body))
    else:
        form = DocumentForm()
    return render(
        request,
        "command/document_form.html",
        {"form": form, "body": body, "is_centre": isinstance(body, CommandCentre)},
    )


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def centre_document_add(request: AuthedRequest, centre_id: int) -> HttpResponse:
    return _document_form(request, centre_get_for_user(user=request.user, centre_id=centre_id))


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def committee_document_add(request: AuthedRequest, committee_id: int) -> HttpResponse:
    return _document_form(request, committee_get_for_user(user=request.user, committee_id=committee_id))


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def document_download(request: AuthedRequest, document_id: int) -> HttpResponseBase:
    """The stored file, as an attachment (never rendered by the browser under our origin)."""
    document = document_get_for_user(user=request.user, document_id=document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Roster --------------------------------------------------------------------------------------


# The days a roster page can show (a typed address with year 9999 is no roster).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _parse_day(value: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def roster_view(request: AuthedRequest, centre_id: int) -> HttpResponse:
    """A week (by day, shift by shift) or a month (a line per day) of the centre's roster with
    its problems: gaps, double bookings, shifts without a leader, long stretches, short rests."""
    centre = centre_get_for_user(user=request.user, centre_id=centre_id)
    today = timezone.localdate()
    month_view = request.GET.get("xem") == "thang"
    chosen = _parse_day(request.GET.get("tu")) or today
    if month_view:
        first = chosen.replace(day=1)
        days = (first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1) - first).days
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        following = first + dt.timedelta(days=days)
    else:
        first = chosen - dt.timedelta(days=chosen.weekday())
        days = 7
        previous = first - dt.timedelta(days=7)
        following = first + dt.timedelta(days=7)
    start = roster.day_start(centre, first)
    end = roster.day_start(centre, first + dt.timedelta(days=days))
    shifts = list(selectors.centre_shifts(centre, start, end))
    check = roster.check_shifts(centre, roster.shifts_around(centre, start, end), roster.Interval(start, end))
    table = roster.roster_days(centre, first, days, shifts, check)
    context = {
        "centre": centre,
        "days": table,
        "check": check,
        "month_view": month_view,
        "first": first,
        "last": first + dt.timedelta(days=days - 1),
        "previous": previous,
        "following": following,
        "today": today,
        "can_manage": _can_manage(request),
    }
    return render(request, "command/roster.html", context)


@area_scoped(Capability.VIEW_COMMAND)
@require_GET
def roster_export(request: AuthedRequest, centre_id: int) -> HttpResponseBase:
    centre = centre_get_for_user(user=request.user, centre_id=centre_id)
    first = _parse_day(request.GET.get("tu")) or timezone.localdate()
    days = 31 if request.GET.get("xem") == "thang" else 7
    start = roster.day_start(centre, first)
    shifts = list(
        selectors.centre_shifts(centre, start, roster.day_start(centre, first + dt.timedelta(days=days)))
    )
    form = ExportForm(request.GET if "purpose" in request.GET else None)
    if not form.is_valid():
        kept = [(k, v) for k, v in request.GET.items() if k not in ("purpose", "fmt")]
        return render(
            request,
            "command/export.html",
            {
                "form": form,
                "count": len(shifts),
                "kept": kept,
                "what": _("ca trực"),
                "action": "command:roster_export",
                "action_kwargs": centre.pk,
            },
        )
    content, content_type, filename = export.roster_export(
        actor=request.user,
        shifts=shifts,
        fmt=form.cleaned_data["fmt"] or "csv",
        purpose=form.cleaned_data["purpose"],
    )
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def roster_generate(request: AuthedRequest, centre_id: int) -> HttpResponse:
    centre = centre_get_for_user(user=request.user, centre_id=centre_id)
    today = timezone.localdate()
    result = None
    if request.method == "POST":
        form = GenerateForm(request.POST)
        if form.is_valid():
            try:
                result = roster.roster_generate(
                    actor=request.user,
                    centre=centre,
                    start=form.cleaned_data["start"],
                    days=form.days(),
                    replace=form.cleaned_data["replace"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã lập %(n)d ca trực.") % {"n": len(result.created)},
                )
                view = "thang" if form.cleaned_data["period"] == "month" else "tuan"
                url = reverse("command:roster", kwargs={"centre_id": centre.pk})
                return redirect(f"{url}?xem={view}&tu={form.cleaned_data['start'].isoformat()}")
    else:
        next_monday = today + dt.timedelta(days=7 - today.weekday())
        form = GenerateForm(initial={"start": next_monday, "period": "week"})
    members = list(selectors.body_members(centre, active_only=True))
    return render(
        request,
        "command/roster_generate.html",
        {
            "centre": centre,
            "form": form,
            "on_roster": [m for m in members if m.takes_shifts],
            "leaders": [m for m in members if m.takes_shifts and m.is_leader],
        },
    )


def _shift_members(centre: CommandCentre) -> Any:
    return selectors.body_members(centre, active_only=True)


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def shift_create(request: AuthedRequest, centre_id: int) -> HttpResponse:
    centre = centre_get_for_user(user=request.user, centre_id=centre_id)
    members = _shift_members(centre)
    if request.method == "POST":
        form = ShiftForm(request.POST, members=members)
        if form.is_valid():
            data = form.service_fields()
            try:
                shift, _created = services.shift_create(
                    actor=request.user, centre=centre, uuid=form.cleaned_data.get("uuid"), **data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm ca trực."))
                return _to_roster(centre, shift)
    else:
        start = _parse_datetime(request.GET.get("tu"))
        initial: dict[str, Any] = {"leads": True}
        if start is not None:
            initial |= {"starts_at": start, "ends_at": start + dt.timedelta(hours=centre.shift_hours)}
        form = ShiftForm(members=members, initial=initial)
    return render(request, "command/shift_form.html", {"form": form, "centre": centre, "creating": True})


def _parse_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if not FIRST_DAY <= parsed.date() <= LAST_DAY:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _to_roster(centre: CommandCentre, shift: Shift) -> HttpResponse:
    url = reverse("command:roster", kwargs={"centre_id": centre.pk})
    return redirect(f"{url}?tu={timezone.localtime(shift.starts_at).date().isoformat()}")


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def shift_edit(request: AuthedRequest, shift_id: int) -> HttpResponse:
    shift = shift_get_for_user(user=request.user, shift_id=shift_id)
    centre = shift.centre
    members = _shift_members(centre)
    fields = ("member", "starts_at", "ends_at", "leads", "note")

    def initial_of(record: Shift) -> dict[str, Any]:
        return {name: getattr(record, name) for name in fields} | {"version": record.version}

    initial = initial_of(shift)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = ShiftForm(request.POST, members=members, initial=initial)
        if "delete" in request.POST:
            try:
                services.shift_delete(
                    actor=request.user, shift=shift, expected_version=_int(request.POST.get("version"))
                )
            except StaleRecordError:
                messages.error(request, _("Ca trực vừa được người khác sửa; hãy xem lại trước khi xóa."))
                return redirect("command:shift_edit", shift_id=shift.pk)
            messages.success(request, _("Đã xóa ca trực."))
            return _to_roster(centre, shift)
        if form.is_valid():
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                services.shift_update(
                    actor=request.user, shift=shift, expected_version=form.cleaned_data["version"], **changed
                )
            except StaleRecordError as stale:
                shift.refresh_from_db()
                initial = initial_of(shift)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Shift)
                form = ShiftForm(data, members=members, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return _to_roster(centre, shift)
    else:
        form = ShiftForm(members=members, initial=initial)
    return render(
        request,
        "command/shift_form.html",
        {
            "form": form,
            "centre": centre,
            "shift": shift,
            "creating": False,
            "changed_meanwhile": changed_meanwhile,
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@area_scoped(Capability.MANAGE_COMMAND)
@require_http_methods(["GET", "POST"])
def shift_swap(request: AuthedRequest, shift_id: int) -> HttpResponse:
    """Record a swap: who takes the shift, what they give in exchange, and that both agreed."""
    shift = shift_get_for_user(user=request.user, shift_id=shift_id)
    centre = shift.centre
    members = _shift_members(centre).exclude(pk=shift.member_id)
    shifts = selectors.swap_shift_choices(centre, after=timezone.now()).exclude(pk=shift.pk)
    if request.method == "POST":
        form = SwapForm(request.POST, members=members, shifts=shifts)
        if form.is_valid():
            data = form.cleaned_data
            try:
                roster.shift_swap(
                    actor=request.user,
                    shift=shift,
                    to_member=data["to_member"],
                    other_shift=data["other_shift"],
                    from_agreed=data["from_agreed"],
                    to_agreed=data["to_agreed"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
            except StaleRecordError:
                form.add_error(None, _("Ca trực vừa được người khác sửa; hãy tải lại trang."))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã ghi nhận đổi ca."))
                return _to_roster(centre, shift)
    else:
        form = SwapForm(members=members, shifts=shifts, initial={"version": shift.version})
    return render(request, "command/shift_swap.html", {"form": form, "centre": centre, "shift": shift})
