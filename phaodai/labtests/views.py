"""Testing pages: sessions and their fast entry, pools, results, follow-ups, proposals.

Thin views over the testing selectors and services. Every page that shows a person's
results logs the reading (``ui.reads.record_viewed`` / ``access_list_record``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import residence_units, unit_get_for_user, unit_has_subunits, units_for_user
from phaodai.audit.enums import AccessChannel
from phaodai.audit.selectors import history_for
from phaodai.audit.services import access_list_record
from phaodai.core.access import area_scoped, get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.core.shell import ProposalAction, declared_proposal_actions
from phaodai.jobs import files
from phaodai.labtests import services
from phaodai.labtests.access import (
    pool_get_for_user,
    proposal_get_for_user,
    result_get_for_user,
    sample_get_for_user,
    session_get_for_user,
)
from phaodai.labtests.enums import FollowUpStatus, ProposalStatus, ResultValue, TestKind
from phaodai.labtests.export import results_export
from phaodai.labtests.forms import (
    EXPORT_PURPOSES,
    DeleteForm,
    DismissForm,
    EntryForm,
    ExportForm,
    FollowUpFilterForm,
    ImportUploadForm,
    PoolForm,
    PoolMemberForm,
    PoolResultForm,
    ProposalFilterForm,
    ResultFilterForm,
    ResultForm,
    ResultRecordForm,
    SessionFilterForm,
    SessionForm,
)
from phaodai.labtests.imports import COLUMNS as IMPORT_COLUMNS
from phaodai.labtests.models import CaseProposal, Pool, TestResult, TestSession
from phaodai.labtests.selectors import (
    follow_up_search,
    pool_members,
    pool_search,
    proposals_for_user,
    result_search,
    session_samples,
    session_search,
)
from phaodai.labtests.services.imports import results_import_preview, results_import_start
from phaodai.people.access import person_get_for_user
from phaodai.people.models import Person
from phaodai.people.selectors import person_search
from phaodai.sheets.listexport import ListExport
from phaodai.sheets.pipeline import ImportMode
from phaodai.sheets.reading import SheetError, inspect, save_upload
from phaodai.ui.exports import list_export_response, records_by
from phaodai.ui.forms import ChangedMeanwhile, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.reads import rate_limited, record_viewed
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest

LINES_SHOWN = 50
SUGGESTIONS = 6


def _log_list(request: AuthedRequest, records: list[Any]) -> None:
    access_list_record(
        actor=request.user, channel=AccessChannel.PAGE, records=records, details={"page": request.path}
    )


def _session_units(request: AuthedRequest) -> Any:
    base = scope_from_request(request).unit
    units = units_for_user(user=request.user).filter(level__gte=UnitLevel.COMMUNE)
    if base is not None:
        units = units.within(base.path)
    return units.order_by("path")


# Sessions ----------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_TESTS)
@require_GET
def session_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = SessionFilterForm(request.GET)
    sessions = session_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    context = {
        "filters": filters,
        "page": page_of(request, sessions),
        "can_edit": has_capability(request.user, Capability.EDIT_TESTS),
    }
    return render_partial(request, "labtests/session_list.html", context, partial="results")


@area_scoped(Capability.EDIT_TESTS)
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest) -> HttpResponse:
    units = _session_units(request)
    if request.method == "POST":
        form = SessionForm(request.POST, units=units)
        if form.is_valid():
            try:
                session, _created = services.session_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã tạo đợt xét nghiệm. Nhập từng người ở bảng bên dưới."))
                return redirect("labtests:session_detail", session_id=session.pk)
    else:
        scope = scope_from_request(request)
        initial: dict[str, Any] = {"default_kind": TestKind.RAPID_ANTIGEN}
        if scope.unit is not None and scope.unit.level >= UnitLevel.COMMUNE:
            initial["unit"] = scope.unit
        form = SessionForm(units=units, initial=initial)
    return render(request, "labtests/session_form.html", {"form": form, "creating": True})


@area_scoped(Capability.EDIT_TESTS)
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    fields = ("held_on", "place_kind", "place", "default_kind", "lab", "notes")
    initial = {name: getattr(session, name) for name in fields} | {"version": session.version}
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = SessionForm(request.POST, initial=initial)
        if form.is_valid():
            changed = {
                k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "version"
            }
            try:
                services.session_update(
                    actor=request.user,
                    session=session,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                session = session_get_for_user(user=request.user, session_id=session_id)
                initial = {name: getattr(session, name) for name in fields} | {"version": session.version}
                data, changed_meanwhile = rebind_stale(form, stale, initial, TestSession)
                form = SessionForm(data, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("labtests:session_detail", session_id=session.pk)
    else:
        form = SessionForm(initial=initial)
    return render(
        request,
        "labtests/session_form.html",
        {"form": form, "session": session, "creating": False, "changed_meanwhile": changed_meanwhile},
    )


def _villages(session: TestSession, request: AuthedRequest) -> Any:
    """Where a new person of the line may live: the session's villages (None: the session's unit)."""
    if session.unit.level >= UnitLevel.VILLAGE or not unit_has_subunits(unit=session.unit):
        return None
    return residence_units(user=request.user, within=session.unit)


def _entry_form(request: AuthedRequest, session: TestSession, data: Any = None) -> EntryForm:
    form = EntryForm(data, villages=_villages(session, request), initial={"kind": session.default_kind})
    if data is None:
        import uuid

        form.initial["uuid"] = uuid.uuid4()
    return form


def _entry_context(request: AuthedRequest, session: TestSession, form: EntryForm | None) -> dict[str, Any]:
    samples = session_samples(user=request.user, session=session)
    lines = list(samples[:LINES_SHOWN])
    _log_list(request, lines)
    return {
        "session": session,
        "form": form,
        "lines": lines,
        "line_count": samples.count(),
        "positive_count": samples.filter(result__result=ResultValue.POSITIVE).count(),
        "pools": pool_search(user=request.user, session=session),
        "pool_form": PoolForm(initial={"kind": TestKind.RT_PCR}),
        "can_edit": has_capability(request.user, Capability.EDIT_TESTS),
    }


@area_scoped(Capability.VIEW_TESTS)
@require_GET
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The session and its fast entry: one line per person, keyboard only."""
    session = session_get_for_user(user=request.user, session_id=session_id)
    form = _entry_form(request, session) if has_capability(request.user, Capability.EDIT_TESTS) else None
    return render(request, "labtests/session_detail.html", _entry_context(request, session, form))


def _suggestions(request: AuthedRequest, unit: AdminUnit, who: str) -> list[Person]:
    if len(who.strip()) < 2:
        return []
    return list(person_search(user=request.user, query=who, unit=unit)[:SUGGESTIONS])


@area_scoped(Capability.EDIT_TESTS)
@require_GET
def person_lookup(request: AuthedRequest) -> HttpResponse:
    """The registry's people of a unit matching what was typed (name, CCCD, phone): radio choices."""
    unit = unit_get_for_user(user=request.user, unit_id=request.GET.get("in", ""))
    who = request.GET.get("who", "")[:120]
    people = _suggestions(request, unit, who)
    _log_list(request, people)
    return render(
        request,
        "labtests/_suggestions.html",
        {"people": people, "who": who.strip(), "allow_new": request.GET.get("new") == "1", "unit": unit},
    )


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def entry_save(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Save one line; HTMX gets a fresh line (and the saved one added to the list)."""
    session = session_get_for_user(user=request.user, session_id=session_id)
    form = _entry_form(request, session, request.POST)
    saved = None
    suggestions: list[Person] = []
    if form.is_valid():
        data = form.cleaned_data
        person: Person | None = None
        new_person = None
        chosen = data["person"]
        if chosen == "new":
            village = data.get("new_village") or (
                session.unit if _villages(session, request) is None else None
            )
            new_person = services.NewPerson(
                full_name=data["who"],
                sex=data["new_sex"],
                birth_year=data["new_birth_year"],
                residence_unit=village,
            )
        elif chosen.isdigit():
            person = person_get_for_user(user=request.user, person_id=chosen)
        else:
            suggestions = _suggestions(request, session.unit, data["who"])
            if len(suggestions) == 1:
                person = suggestions[0]
        if person is None and new_person is None:
            form.add_error("who", _("Hãy chọn người trong danh sách gợi ý, hoặc chọn «Người mới»."))
        else:
            try:
                saved, _created = services.screening_entry(
                    actor=request.user,
                    session=session,
                    uuid=data["uuid"],
                    person=person,
                    new_person=new_person,
                    kind=data["kind"],
                    result=data["result"],
                    ct_value=data["ct_value"],
                    symptoms=data["symptoms"],
                    contact=data["contact"],
                    epi_factors=data["epi_factors"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
                saved = None
    if saved is not None:
        if not request.htmx:
            messages.success(request, _("Đã lưu: %(name)s.") % {"name": saved.person.full_name})
            return redirect("labtests:session_detail", session_id=session.pk)
        form = _entry_form(request, session)
    elif not request.htmx:
        context = _entry_context(request, session, form)
        context["suggestions"] = suggestions
        return render(request, "labtests/session_detail.html", context, status=400)
    context = _entry_context(request, session, form)
    context.update({"saved": saved, "suggestions": suggestions})
    return render(request, "labtests/session_detail.html#entry", context)


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def sample_remove(request: AuthedRequest, sample_id: int) -> HttpResponse:
    sample = sample_get_for_user(user=request.user, sample_id=sample_id)
    form = DeleteForm(request.POST)
    back = (
        reverse("labtests:session_detail", kwargs={"session_id": sample.session_id})
        if sample.session_id
        else reverse("labtests:result_list")
    )
    if form.is_valid():
        try:
            services.sample_delete(
                actor=request.user,
                sample=sample,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleRecordError:
            messages.error(request, _("Dòng này vừa được người khác sửa; hãy xem lại rồi xoá."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã xoá dòng của %(name)s.") % {"name": sample.person.full_name})
    return redirect(back)


@area_scoped(Capability.EDIT_TESTS)
@require_http_methods(["GET", "POST"])
def sample_result(request: AuthedRequest, sample_id: int) -> HttpResponse:
    """The result of a sample still waiting for one (an RT-PCR sent to the lab)."""
    sample = sample_get_for_user(user=request.user, sample_id=sample_id)
    record_viewed(request, sample, page="result")
    form = ResultRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.result_record(actor=request.user, sample=sample, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả."))
            return redirect("labtests:result_detail", result_id=result.pk)
    return render(request, "labtests/sample_result.html", {"sample": sample, "form": form})


# Pools -------------------------------------------------------------------------------------


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def pool_create(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    form = PoolForm(request.POST)
    if form.is_valid():
        try:
            pool, _created = services.pool_create(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("labtests:pool_detail", pool_id=pool.pk)
    return redirect("labtests:session_detail", session_id=session.pk)


def _pool_context(request: AuthedRequest, pool: Pool, **extra: Any) -> dict[str, Any]:
    members = list(pool_members(user=request.user, pool=pool))
    _log_list(request, members)
    can_edit = has_capability(request.user, Capability.EDIT_TESTS)
    import uuid

    return {
        "pool": pool,
        "members": members,
        "pool_max": services.pool_max(),
        "can_edit": can_edit,
        "member_form": PoolMemberForm(initial={"uuid": uuid.uuid4()}),
        "result_form": PoolResultForm(initial={"version": pool.version}),
        "follow_ups": follow_up_search(user=request.user, status="").filter(pool=pool),
        **extra,
    }


@area_scoped(Capability.VIEW_TESTS)
@require_GET
def pool_detail(request: AuthedRequest, pool_id: int) -> HttpResponse:
    pool = pool_get_for_user(user=request.user, pool_id=pool_id)
    return render(request, "labtests/pool_detail.html", _pool_context(request, pool))


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def pool_member_add(request: AuthedRequest, pool_id: int) -> HttpResponse:
    pool = pool_get_for_user(user=request.user, pool_id=pool_id)
    form = PoolMemberForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["person"]
        person = None
        if chosen.isdigit():
            person = person_get_for_user(user=request.user, person_id=chosen)
        else:
            found = _suggestions(request, pool.unit, form.cleaned_data["who"])
            person = found[0] if len(found) == 1 else None
        if person is None:
            form.add_error("who", _("Hãy chọn người trong danh sách gợi ý."))
        else:
            try:
                services.pool_add_member(
                    actor=request.user, pool=pool, person=person, uuid=form.cleaned_data["uuid"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
                if "person" in form.errors:
                    form.add_error("who", form.errors.pop("person"))
            else:
                messages.success(request, _("Đã thêm %(name)s vào mẫu gộp.") % {"name": person.full_name})
                return redirect("labtests:pool_detail", pool_id=pool.pk)
    pool = pool_get_for_user(user=request.user, pool_id=pool_id)
    return render(
        request, "labtests/pool_detail.html", _pool_context(request, pool, member_form=form), status=400
    )


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def pool_result(request: AuthedRequest, pool_id: int) -> HttpResponse:
    pool = pool_get_for_user(user=request.user, pool_id=pool_id)
    form = PoolResultForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.pool_result_record(actor=request.user, pool=pool, expected_version=version, **data)
        except StaleRecordError:
            form.add_error(None, _("Mẫu gộp vừa được người khác cập nhật; hãy xem lại."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả mẫu gộp."))
            return redirect("labtests:pool_detail", pool_id=pool.pk)
    pool = pool_get_for_user(user=request.user, pool_id=pool_id)
    return render(
        request, "labtests/pool_detail.html", _pool_context(request, pool, result_form=form), status=400
    )


# Results -----------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_TESTS)
@require_GET
def result_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = ResultFilterForm(request.GET)
    results = result_search(user=request.user, unit=scope.unit, **filters.search_kwargs())
    page = page_of(request, results)
    _log_list(request, list(page.object_list))
    context = {
        "filters": filters,
        "page": page,
        "can_edit": has_capability(request.user, Capability.EDIT_TESTS),
        "can_export": has_capability(request.user, Capability.EXPORT_TESTS),
    }
    return render_partial(request, "labtests/result_list.html", context, partial="results")


@area_scoped(Capability.VIEW_TESTS)
@require_GET
@rate_limited("people_read")
def result_detail(request: AuthedRequest, result_id: int) -> HttpResponse:
    result = result_get_for_user(user=request.user, result_id=result_id)
    record_viewed(request, result)
    history = None
    if has_capability(request.user, Capability.VIEW_AUDIT):
        history = history_entries(
            events=history_for(user=request.user, target=result)[:10], model=TestResult, user=request.user
        )
    can_edit = has_capability(request.user, Capability.EDIT_TESTS)
    return render(
        request,
        "labtests/result_detail.html",
        {
            "result": result,
            "history": history,
            "can_edit": can_edit,
            "delete_form": DeleteForm(initial={"version": result.version}) if can_edit else None,
            "proposals": result.proposals.all(),
        },
    )


_RESULT_FIELDS = ("result", "sampled_on", "result_on", "ct_value", "lab")


@area_scoped(Capability.EDIT_TESTS)
@require_http_methods(["GET", "POST"])
def result_edit(request: AuthedRequest, result_id: int) -> HttpResponse:
    result = result_get_for_user(user=request.user, result_id=result_id)
    record_viewed(request, result, page="edit")
    initial = {name: getattr(result, name) for name in _RESULT_FIELDS} | {"version": result.version}
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = ResultForm(request.POST, initial=initial)
        if form.is_valid():
            changed = {
                k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "version"
            }
            try:
                services.result_update(
                    actor=request.user,
                    record=result,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                result = result_get_for_user(user=request.user, result_id=result_id)
                initial = {name: getattr(result, name) for name in _RESULT_FIELDS} | {
                    "version": result.version
                }
                data, changed_meanwhile = rebind_stale(form, stale, initial, TestResult)
                form = ResultForm(data, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("labtests:result_detail", result_id=result.pk)
    else:
        form = ResultForm(initial=initial)
    return render(
        request,
        "labtests/result_form.html",
        {"form": form, "result": result, "changed_meanwhile": changed_meanwhile},
    )


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def result_remove(request: AuthedRequest, result_id: int) -> HttpResponse:
    result = result_get_for_user(user=request.user, result_id=result_id)
    form = DeleteForm(request.POST)
    if form.is_valid():
        try:
            services.result_delete(
                actor=request.user,
                result=result,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleRecordError:
            messages.error(request, _("Kết quả vừa được người khác sửa; hãy xem lại rồi xoá."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã xoá kết quả; mẫu vẫn còn, chờ kết quả."))
            return redirect("labtests:result_list")
    return redirect("labtests:result_detail", result_id=result.pk)


RESULTS_EXPORT = ListExport(
    path="phaodai.labtests.views.RESULTS_EXPORT",
    kind="labtests.export",
    capability=Capability.EXPORT_TESTS,
    noun=gettext_lazy("kết quả xét nghiệm"),
    records=records_by(ResultFilterForm, result_search),
    export=results_export,
    default_fmt="xlsx",
)


@area_scoped(Capability.EXPORT_TESTS)
@require_GET
def result_export(request: AuthedRequest) -> HttpResponseBase:
    return list_export_response(
        request,
        RESULTS_EXPORT,
        form_class=ExportForm,
        template="labtests/result_export.html",
        context={"purposes": EXPORT_PURPOSES},
        purpose_labels=dict(EXPORT_PURPOSES),
    )


_IMPORTS = "labtests_imports"  # the session's uploads waiting for a preview: token -> what it is


def _import_units(request: AuthedRequest) -> Any:
    return units_for_user(user=request.user).filter(level__gte=UnitLevel.COMMUNE).order_by("path")


@area_scoped(Capability.EDIT_TESTS)
@require_http_methods(["GET", "POST"])
def result_import(request: AuthedRequest) -> HttpResponse:
    """Step 1: a lab's spreadsheet is uploaded and checked by its content; then the preview."""
    units = _import_units(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            path, relative = files.new_upload_path(".upload")
            try:
                save_upload(upload.chunks(), path)
                facts = inspect(path)
            except SheetError as error:
                path.unlink(missing_ok=True)
                form.add_error("file", str(error))
            else:
                token = path.stem
                waiting = request.session.get(_IMPORTS, {})
                waiting[token] = {
                    "upload": relative,
                    "name": Path(upload.name or "").name[:120] or f"tep.{facts.kind}",
                    "unit": form.cleaned_data["unit"].pk,
                    "mode": ImportMode.ALL if request.POST.get("mode") == "all" else ImportMode.VALID,
                }
                request.session[_IMPORTS] = dict(list(waiting.items())[-5:])
                return redirect(f"{reverse('labtests:result_import_preview')}?tep={token}")
    else:
        scope = scope_from_request(request)
        initial = (
            {"unit": scope.unit} if scope.unit is not None and scope.unit.level >= UnitLevel.COMMUNE else {}
        )
        form = ImportUploadForm(units=units, initial=initial)
    return render(request, "labtests/result_import.html", {"form": form, "columns": IMPORT_COLUMNS})


@area_scoped(Capability.EDIT_TESTS)
@require_http_methods(["GET", "POST"])
def result_import_preview(request: AuthedRequest) -> HttpResponse:
    """Step 2: the columns as understood, the first rows with their errors; start runs it as a job."""
    token = request.GET.get("tep", "")
    waiting = request.session.get(_IMPORTS, {}).get(token)
    if waiting is None:
        messages.error(request, _("Hãy tải tệp lên trước."))
        return redirect("labtests:result_import")
    unit = get_or_404(_import_units(request), pk=waiting["unit"])
    path = files.resolve(waiting["upload"])
    if path is None:
        messages.error(request, _("Tệp đã tải lên không còn nữa; hãy tải lên lại."))
        return redirect("labtests:result_import")
    try:
        preview = results_import_preview(actor=request.user, unit=unit, path=path)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("labtests:result_import")
    if request.method == "POST" and request.POST.get("start") and not preview.problem:
        mode = ImportMode.ALL if request.POST.get("mode", waiting["mode"]) == "all" else ImportMode.VALID
        try:
            job = results_import_start(
                actor=request.user, unit=unit, upload=waiting["upload"], file_name=waiting["name"], mode=mode
            )
        except (SheetError, ValidationError) as error:
            messages.error(request, str(error) if isinstance(error, SheetError) else " ".join(error.messages))
        else:
            request.session[_IMPORTS] = {
                k: v for k, v in request.session.get(_IMPORTS, {}).items() if k != token
            }
            return redirect("jobs:detail", job_id=job.pk)
    return render(
        request,
        "labtests/result_import_preview.html",
        {"preview": preview, "unit": unit, "waiting": waiting, "token": token},
    )


# Follow-ups and proposals ------------------------------------------------------------------


@area_scoped(Capability.VIEW_TESTS)
@require_GET
def follow_up_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = FollowUpFilterForm(request.GET)
    filters.is_valid()
    status = filters.cleaned_data.get("status") or FollowUpStatus.OPEN
    follow_ups = follow_up_search(
        user=request.user,
        unit=scope.unit,
        status="" if status == "all" else status,
        query=filters.cleaned_data.get("q", ""),
    )
    page = page_of(request, follow_ups)
    _log_list(request, list(page.object_list))
    return render_partial(
        request,
        "labtests/follow_up_list.html",
        {"filters": filters, "page": page, "status": status},
        partial="results",
    )


@area_scoped(Capability.VIEW_TESTS)
@require_GET
def proposal_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = ProposalFilterForm(request.GET)
    filters.is_valid()
    status = filters.cleaned_data.get("status") or ProposalStatus.OPEN
    proposals = proposals_for_user(request.user, status="" if status == "all" else status, unit=scope.unit)
    page = page_of(request, proposals)
    _log_list(request, list(page.object_list))
    return render_partial(
        request,
        "labtests/proposal_list.html",
        {
            "filters": filters,
            "page": page,
            "status": status,
            "can_edit": has_capability(request.user, Capability.EDIT_TESTS),
            "actions": _proposal_actions(request.user),
        },
        partial="results",
    )


def _proposal_actions(user: Any) -> list[ProposalAction]:
    """What higher apps offer on a proposal (``core.shell.PROPOSAL_ACTIONS``: the cases app's
    "confirm as a case"), for this user's capabilities; labtests imports none of them."""
    return [
        action
        for action in declared_proposal_actions()
        if action.capability is None or has_capability(user, action.capability)
    ]


def _proposal_context(user: Any, proposal: CaseProposal, dismiss_form: DismissForm | None) -> dict[str, Any]:
    is_open = proposal.status == ProposalStatus.OPEN
    actions = _proposal_actions(user) if is_open and proposal.meets_definition else []
    return {
        "proposal": proposal,
        "results": proposal.results.select_related("sample", "unit").order_by("sampled_on", "pk"),
        "dismiss_form": dismiss_form,
        "actions": [
            (action.label, reverse(action.url_name, kwargs={"proposal_id": proposal.pk}))
            for action in actions
        ],
        # an open proposal still missing a test cannot be confirmed: the page says which test
        "waiting_for_test": is_open and not proposal.meets_definition,
    }


@area_scoped(Capability.VIEW_TESTS)
@require_GET
@rate_limited("people_read")
def proposal_detail(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    record_viewed(request, proposal)
    can_edit = has_capability(request.user, Capability.EDIT_TESTS) and proposal.status == ProposalStatus.OPEN
    dismiss_form = DismissForm(initial={"version": proposal.version}) if can_edit else None
    return render(
        request, "labtests/proposal_detail.html", _proposal_context(request.user, proposal, dismiss_form)
    )


@area_scoped(Capability.EDIT_TESTS)
@require_POST
def proposal_dismiss(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decide(
                actor=request.user,
                proposal=proposal,
                expected_version=form.cleaned_data["version"],
                confirmed=False,
                case_id=None,
                reason=form.cleaned_data["reason"],
            )
        except StaleRecordError:
            form.add_error(None, _("Đề xuất vừa được người khác cập nhật; hãy xem lại."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi: không xác nhận ca bệnh."))
            return redirect("labtests:proposal_detail", proposal_id=proposal.pk)
    return render(
        request, "labtests/proposal_detail.html", _proposal_context(request.user, proposal, form), status=400
    )
