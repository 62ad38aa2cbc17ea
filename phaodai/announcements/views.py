"""The announcements pages: list, write, approve and publish, the loudspeaker script and audio,
the public page's facts, and the public situation page of a unit (no login)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.announcements import audio, services
from phaodai.announcements.access import announcement_get_for_user, service_place_get_for_user
from phaodai.announcements.enums import AnnouncementStatus, AudioStatus
from phaodai.announcements.forms import (
    AnnouncementFilterForm,
    AnnouncementForm,
    PublishForm,
    ServicePlaceForm,
    SituationForm,
    VersionForm,
)
from phaodai.announcements.models import Announcement, ServicePlace, UnitSituation
from phaodai.announcements.selectors import (
    announcement_search,
    announcement_targets,
    issuing_units,
    public_announcement,
    public_announcements,
    public_places,
    public_situation,
    public_unit,
    service_places,
    situation_of,
    target_units,
)
from phaodai.announcements.situation import cases_this_week
from phaodai.areas.selectors import unit_get_for_user
from phaodai.audit.selectors import history_for
from phaodai.core import ratelimit
from phaodai.core.access import area_scoped, has_capability, public
from phaodai.core.clients import client_ip
from phaodai.core.middleware import too_many_requests
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.sheets.listexport import ListExport
from phaodai.ui.exports import list_export_response, records_by
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.reads import rate_limited
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import filing_base, scope_from_request
from phaodai.ui.types import AuthedRequest

HISTORY_ON_DETAIL = 6


@area_scoped(Capability.VIEW_ANNOUNCEMENTS)
@require_GET
def announcement_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = AnnouncementFilterForm(request.GET)
    found = announcement_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    context = {
        "filters": filters,
        "page": page_of(request, found),
        "can_write": has_capability(request.user, Capability.WRITE_ANNOUNCEMENTS),
        "can_manage": has_capability(request.user, Capability.MANAGE_PUBLIC_INFO),
        "query_string": request.GET.urlencode(),
    }
    return render_partial(request, "announcements/announcement_list.html", context, partial="results")


ANNOUNCEMENTS_EXPORT = ListExport(
    path="phaodai.announcements.views.ANNOUNCEMENTS_EXPORT",
    kind="announcements.export",
    capability=Capability.VIEW_ANNOUNCEMENTS,
    noun=gettext_lazy("thông báo"),
    records=records_by(AnnouncementFilterForm, announcement_search),
    export=services.announcements_export,
)


@area_scoped(Capability.VIEW_ANNOUNCEMENTS)
@require_GET
def announcement_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        ANNOUNCEMENTS_EXPORT,
        form_class=ExportForm,
        template="announcements/announcement_export.html",
    )


@area_scoped(Capability.WRITE_ANNOUNCEMENTS)
@require_http_methods(["GET", "POST"])
def announcement_create(request: AuthedRequest) -> HttpResponse:
    base = filing_base(request)
    units = issuing_units(user=request.user, within=base)
    targets = target_units(user=request.user, within=base)
    if request.method == "POST":
        form = AnnouncementForm(request.POST, units=units, targets=targets)
        if form.is_valid():
            try:
                announcement, created = services.announcement_create(
                    actor=request.user, uuid=form.cleaned_data.get("uuid"), **form.service_fields()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Đã lưu bản nháp thông báo."))
                return redirect("announcements:announcement_detail", announcement_id=announcement.pk)
    else:
        form = AnnouncementForm(
            units=units, targets=targets, initial={"unit": base} if base is not None else None
        )
    return render(
        request,
        "announcements/announcement_form.html",
        {"form": form, "creating": True, "too_wide": base is None},
    )


@area_scoped(Capability.VIEW_ANNOUNCEMENTS)
@require_GET
def announcement_detail(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    user = request.user
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=announcement)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=Announcement, user=user)
    can_write = has_capability(user, Capability.WRITE_ANNOUNCEMENTS)
    can_approve = has_capability(user, Capability.APPROVE_ANNOUNCEMENTS)
    status = announcement.status
    targets = announcement_targets(announcement=announcement)
    may_publish = can_approve and status == AnnouncementStatus.APPROVED
    publish_form = None
    if may_publish:
        publish_form = PublishForm(
            targets=target_units(user=user, within=announcement.unit),
            initial={"version": announcement.version, "choose_targets": True, "targets": targets},
        )
    return render(
        request,
        "announcements/announcement_detail.html",
        {
            "announcement": announcement,
            "targets": targets,
            "history": history,
            "editable": can_write and status in (AnnouncementStatus.DRAFT, AnnouncementStatus.SUBMITTED),
            "may_submit": can_write and status == AnnouncementStatus.DRAFT,
            "may_approve": can_approve
            and status == AnnouncementStatus.SUBMITTED
            and announcement.written_by_id != user.pk,
            "own_waiting": status == AnnouncementStatus.SUBMITTED and announcement.written_by_id == user.pk,
            "may_publish": may_publish,
            "publish_form": publish_form,
            "may_withdraw": can_approve
            and status in (AnnouncementStatus.APPROVED, AnnouncementStatus.PUBLISHED),
            "may_make_audio": can_approve
            and status in (AnnouncementStatus.APPROVED, AnnouncementStatus.PUBLISHED)
            and announcement.audio_status != AudioStatus.QUEUED,
            "audio_ready": announcement.audio_status == AudioStatus.READY,
        },
    )


@area_scoped(Capability.WRITE_ANNOUNCEMENTS)
@require_http_methods(["GET", "POST"])
def announcement_edit(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    targets = target_units(user=request.user, within=announcement.unit)
    fields = ("title", "body", "for_loudspeaker", "for_radio", "for_public_page")

    def initial_of(record: Announcement) -> dict[str, Any]:
        return {name: getattr(record, name) for name in fields} | {
            "targets": announcement_targets(announcement=record),
            "version": record.version,
        }

    initial = initial_of(announcement)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = AnnouncementForm(request.POST, units=targets, targets=targets, creating=False, initial=initial)
        if form.is_valid():
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                services.announcement_update(
                    actor=request.user,
                    announcement=announcement,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
                initial = initial_of(announcement)
                data, changed_meanwhile = rebind_stale(form, stale, initial, Announcement)
                form = AnnouncementForm(data, units=targets, targets=targets, creating=False, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("announcements:announcement_detail", announcement_id=announcement.pk)
    else:
        form = AnnouncementForm(units=targets, targets=targets, creating=False, initial=initial)
    return render(
        request,
        "announcements/announcement_form.html",
        {
            "form": form,
            "creating": False,
            "announcement": announcement,
            "changed_meanwhile": changed_meanwhile,
        },
    )


def _act(
    request: AuthedRequest, announcement_id: int, service: Callable[..., Any], done: str
) -> HttpResponse:
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trang đã cũ; hãy tải lại trang rồi làm lại."))
    else:
        try:
            service(
                actor=request.user, announcement=announcement, expected_version=form.cleaned_data["version"]
            )
        except StaleRecordError:
            messages.error(request, _("Thông báo vừa được người khác thay đổi; hãy xem lại rồi làm lại."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    return redirect("announcements:announcement_detail", announcement_id=announcement.pk)


@area_scoped(Capability.WRITE_ANNOUNCEMENTS)
@require_POST
def announcement_submit(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    return _act(
        request, announcement_id, services.announcement_submit, _("Đã gửi thông báo chờ lãnh đạo duyệt.")
    )


@area_scoped(Capability.APPROVE_ANNOUNCEMENTS)
@require_POST
def announcement_approve(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    return _act(
        request,
        announcement_id,
        services.announcement_approve,
        _("Đã duyệt thông báo; tệp âm thanh cho loa đang được tạo."),
    )


@area_scoped(Capability.APPROVE_ANNOUNCEMENTS)
@require_POST
def announcement_publish(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    """Publish, to the units checked on the page (those the leader may publish to)."""
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    form = PublishForm(request.POST, targets=target_units(user=request.user, within=announcement.unit))
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, _("Trang đã cũ; hãy tải lại trang rồi làm lại."))
        for error in form["targets"].errors:
            messages.error(request, str(error))
    else:
        try:
            services.announcement_publish(
                actor=request.user,
                announcement=announcement,
                expected_version=form.cleaned_data["version"],
                targets=form.chosen_targets(),
            )
        except StaleRecordError:
            messages.error(request, _("Thông báo vừa được người khác thay đổi; hãy xem lại rồi làm lại."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã phát thông báo tới các đơn vị."))
    return redirect("announcements:announcement_detail", announcement_id=announcement.pk)


@area_scoped(Capability.APPROVE_ANNOUNCEMENTS)
@require_POST
def announcement_withdraw(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    return _act(request, announcement_id, services.announcement_withdraw, _("Đã thu hồi thông báo."))


@area_scoped(Capability.APPROVE_ANNOUNCEMENTS)
@require_POST
def announcement_make_audio(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    try:
        job = services.announcement_audio_start(actor=request.user, announcement=announcement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("announcements:announcement_detail", announcement_id=announcement.pk)
    messages.info(request, _("Đang tạo tệp âm thanh cho loa."))
    return redirect("jobs:detail", job_id=job.pk)


@area_scoped(Capability.VIEW_ANNOUNCEMENTS)
@require_GET
def announcement_script(request: AuthedRequest, announcement_id: int) -> HttpResponse:
    """The loudspeaker reader's script: big type on screen, one clean page on paper."""
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    return render(
        request,
        "announcements/announcement_script.html",
        {
            "announcement": announcement,
            "targets": announcement_targets(announcement=announcement),
            "paragraphs": [p.strip() for p in announcement.body.split("\n\n") if p.strip()],
        },
    )


def _audio_response(announcement: Announcement) -> FileResponse:
    path = audio.resolve(announcement.audio_name)
    if path is None or announcement.audio_status != AudioStatus.READY:
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type="audio/wav", filename=f"thong-bao-{announcement.pk}.wav"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@area_scoped(Capability.VIEW_ANNOUNCEMENTS)
@require_GET
def announcement_audio(request: AuthedRequest, announcement_id: int) -> FileResponse:
    announcement = announcement_get_for_user(user=request.user, announcement_id=announcement_id)
    return _audio_response(announcement)


# --- the public page's facts ---------------------------------------------------------------


@area_scoped(Capability.MANAGE_PUBLIC_INFO)
@require_http_methods(["GET", "POST"])
def situation_edit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = unit_get_for_user(user=request.user, unit_id=unit_id)
    situation = situation_of(user=request.user, unit=unit)
    fields = ("measures", "measures_since", "hotline", "hotline_label")

    def initial_of(record: UnitSituation | None) -> dict[str, Any]:
        if record is None:
            return {}
        return {name: getattr(record, name) for name in fields} | {"version": record.version}

    initial = initial_of(situation)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = SituationForm(request.POST, initial=initial)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.situation_update(
                    actor=request.user, unit=unit, expected_version=form.cleaned_data["version"], **values
                )
            except StaleRecordError as stale:
                situation = situation_of(user=request.user, unit=unit)
                initial = initial_of(situation)
                data, changed_meanwhile = rebind_stale(form, stale, initial, UnitSituation)
                form = SituationForm(data, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thông tin công khai."))
                return redirect("announcements:situation_edit", unit_id=unit.pk)
    else:
        form = SituationForm(initial=initial)
    return render(
        request,
        "announcements/situation_form.html",
        {
            "form": form,
            "unit": unit,
            "places": service_places(user=request.user, unit=unit),
            "changed_meanwhile": changed_meanwhile,
        },
    )


@area_scoped(Capability.MANAGE_PUBLIC_INFO)
@require_http_methods(["GET", "POST"])
def service_place_create(request: AuthedRequest) -> HttpResponse:
    base = filing_base(request)
    units = issuing_units(user=request.user, within=base)
    if request.method == "POST":
        form = ServicePlaceForm(request.POST, units=units)
        if form.is_valid():
            try:
                place = services.service_place_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm nơi xét nghiệm, tiêm chủng."))
                return redirect("announcements:situation_edit", unit_id=place.unit_id)
    else:
        form = ServicePlaceForm(units=units, initial={"unit": base} if base is not None else None)
    return render(
        request,
        "announcements/service_place_form.html",
        {"form": form, "creating": True, "too_wide": base is None},
    )


@area_scoped(Capability.MANAGE_PUBLIC_INFO)
@require_http_methods(["GET", "POST"])
def service_place_edit(request: AuthedRequest, service_place_id: int) -> HttpResponse:
    place = service_place_get_for_user(user=request.user, service_place_id=service_place_id)
    fields = ("kind", "name", "address", "hours", "phone", "active")

    def initial_of(record: ServicePlace) -> dict[str, Any]:
        return {name: getattr(record, name) for name in fields} | {"version": record.version}

    initial = initial_of(place)
    changed_meanwhile: list[ChangedMeanwhile] = []
    units = issuing_units(user=request.user, within=place.unit)
    if request.method == "POST":
        form = ServicePlaceForm(request.POST, units=units, creating=False, initial=initial)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version" and k in form.changed_data}
            try:
                services.service_place_update(
                    actor=request.user, place=place, expected_version=form.cleaned_data["version"], **values
                )
            except StaleRecordError as stale:
                place = service_place_get_for_user(user=request.user, service_place_id=service_place_id)
                initial = initial_of(place)
                data, changed_meanwhile = rebind_stale(form, stale, initial, ServicePlace)
                form = ServicePlaceForm(data, units=units, creating=False, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("announcements:situation_edit", unit_id=place.unit_id)
    else:
        form = ServicePlaceForm(units=units, creating=False, initial=initial)
    return render(
        request,
        "announcements/service_place_form.html",
        {"form": form, "creating": False, "place": place, "changed_meanwhile": changed_meanwhile},
    )


# --- the public situation page (no login) ------------------------------------------------------


@public
@require_GET
@rate_limited("public_situation")
def public_situation_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's situation for its residents: this week's cases (when counted), the measures in
    force, where to get tested and vaccinated, the latest announcements, the hotline."""
    unit = public_unit(unit_id=unit_id)
    today = timezone.localdate()
    response = render(
        request,
        "announcements/public_situation.html",
        {
            "unit": unit,
            "today": today,
            "cases": cases_this_week(unit=unit, today=today),
            "situation": public_situation(unit=unit),
            "places": public_places(unit=unit),
            "announcements": public_announcements(unit=unit),
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@public
@require_GET
def public_audio(request: HttpRequest, announcement_id: int) -> HttpResponseBase:
    """The loudspeaker audio of a published announcement, for anyone (rate ``public_situation``)."""
    wait = ratelimit.hit("public_situation", f"ip:{client_ip(request)}")
    if wait is not None:
        return too_many_requests(request, wait)
    return _audio_response(public_announcement(announcement_id=announcement_id))
