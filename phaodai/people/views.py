"""People and household pages: thin views over the people selectors and services.

Each view parses input with a form, calls a selector or a service, and renders one
template; HTMX requests get a partial of that same template. Services raise
``ValidationError`` (shown on the form) and ``PermissionDenied`` (the 403 page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.places import place_label
from phaodai.areas.selectors import residence_units, unit_has_subunits, units_for_user
from phaodai.audit.selectors import history_for
from phaodai.core.access import area_scoped, get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.core.shell import declared_person_panels, declared_person_timeline
from phaodai.jobs import files
from phaodai.people import services
from phaodai.people.access import (
    duplicate_candidate_get_for_user,
    household_get_for_user,
    liaison_group_get_for_user,
    person_get_for_user,
)
from phaodai.people.enums import ChronicCondition, DuplicateStatus, Sex
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.forms import (
    EXPORT_PURPOSES,
    MERGE_FIELDS,
    HouseholdFilterForm,
    HouseholdForm,
    ImportUploadForm,
    LiaisonGroupForm,
    MergeForm,
    PersonFilterForm,
    PersonForm,
)
from phaodai.people.imports import COLUMNS as IMPORT_COLUMNS
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.selectors import (
    duplicate_candidates,
    find_likely_duplicates,
    household_members,
    household_search,
    liaison_group_households,
    liaison_group_leader_choices,
    liaison_group_search,
    liaison_groups_in,
    person_search,
    person_search_results,
)
from phaodai.sheets.listexport import ListExport
from phaodai.sheets.pipeline import ImportMode, open_sheet
from phaodai.sheets.reading import SheetError, inspect, save_upload
from phaodai.ui.exports import list_export_response
from phaodai.ui.forms import ChangedMeanwhile, ExportForm, apply_service_errors, rebind_stale
from phaodai.ui.history import field_label, format_value, history_entries
from phaodai.ui.reads import rate_limited, record_viewed
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.scope import Scope, scope_from_request
from phaodai.ui.types import AuthedRequest

HISTORY_ON_DETAIL = 5
CONDITION_LABELS = {"chronic_conditions": dict(ChronicCondition.choices)}
# A unit picked in the switcher must be at least a district before a form lists its villages.
FORM_UNIT_MIN_LEVEL = UnitLevel.DISTRICT


def _form_units(
    request: AuthedRequest, base: AdminUnit | None, keep: AdminUnit | None = None
) -> QuerySet[AdminUnit]:
    """Where a record may be placed: villages (and communes without any) inside ``base`` and the
    jurisdiction; ``keep`` is the record's present unit, offered even if it is a commune."""
    return residence_units(user=request.user, within=base, keep=keep)


def _form_base(scope: Scope, fallback: AdminUnit | None = None) -> AdminUnit | None:
    """The unit whose communes and villages a form offers (None = too wide to list)."""
    if scope.explicit and scope.unit is not None and scope.unit.level >= FORM_UNIT_MIN_LEVEL:
        return scope.unit
    if fallback is not None:
        return fallback
    if scope.unit is not None and scope.unit.level >= FORM_UNIT_MIN_LEVEL:
        return scope.unit
    return None


def _commune_of(unit: AdminUnit) -> AdminUnit:
    return unit.parent if unit.level == UnitLevel.VILLAGE and unit.parent is not None else unit


# People ----------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def person_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = PersonFilterForm(request.GET)
    people = person_search_results(user=request.user, unit=scope.unit, **filters.search_kwargs())
    context = {
        "filters": filters,
        "page": page_of(request, people),
        "can_edit": has_capability(request.user, Capability.EDIT_PEOPLE),
        "can_export": has_capability(request.user, Capability.EXPORT_PEOPLE),
    }
    return render_partial(request, "people/person_list.html", context, partial="results")


def _people_records(
    user: User, unit: AdminUnit | None, query: QueryDict
) -> tuple[QuerySet[Person], dict[str, Any]]:
    search = PersonFilterForm(query).search_kwargs()
    return person_search(user=user, unit=unit, **search), search


PEOPLE_EXPORT = ListExport(
    path="phaodai.people.views.PEOPLE_EXPORT",
    kind="people.export",
    capability=Capability.EXPORT_PEOPLE,
    noun=gettext_lazy("nhân khẩu"),
    records=_people_records,
    export=services.people_export,
    writes_xlsx_to=True,
)


@area_scoped(Capability.EXPORT_PEOPLE)
@require_GET
def person_export(request: AuthedRequest) -> HttpResponseBase:
    """The current filtered list as .xlsx or CSV, once the purpose is given (audited by the
    service); a list longer than ``PHAODAI_EXPORT_SYNC_ROWS`` is written by a background job."""
    return list_export_response(
        request,
        PEOPLE_EXPORT,
        form_class=ExportForm,
        template="people/person_export.html",
        context={"purposes": EXPORT_PURPOSES},
    )


# Import ------------------------------------------------------------------------------------

_IMPORTS = "people_imports"  # the session's uploads waiting for a preview: token -> what it is


def _import_units(request: AuthedRequest) -> QuerySet[AdminUnit]:
    """Where a list may be imported: a commune (each row names its village) or one village."""
    return units_for_user(user=request.user).filter(level__gte=UnitLevel.COMMUNE).order_by("path")


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_import(request: AuthedRequest) -> HttpResponse:
    """Step 1: upload a list; it is checked by its content before anything else."""
    scope = scope_from_request(request)
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
                    "mode": form.cleaned_data["mode"],
                }
                request.session[_IMPORTS] = dict(list(waiting.items())[-5:])
                return redirect(f"{reverse('people:import_preview')}?tep={token}")
    else:
        initial = (
            {"unit": scope.unit} if scope.unit is not None and scope.unit.level >= UnitLevel.COMMUNE else {}
        )
        form = ImportUploadForm(units=units, initial=initial)
    return render(request, "people/person_import.html", {"form": form, "columns": IMPORT_COLUMNS})


def _mapping_from(request: AuthedRequest, headers: list[str]) -> dict[str, str] | None:
    if "map" not in request.POST:
        return None
    known = {column.name for column in IMPORT_COLUMNS}
    mapping: dict[str, str] = {}
    for index, header in enumerate(headers):
        chosen = request.POST.get(f"col-{index}", "")
        if header and chosen in known and chosen not in mapping.values():
            mapping[header] = chosen
    return mapping


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_import_preview(request: AuthedRequest) -> HttpResponse:
    """Step 2: the columns as understood (changeable), the first rows with their errors, and start."""
    token = request.GET.get("tep", "")
    waiting = request.session.get(_IMPORTS, {}).get(token)
    if waiting is None:
        messages.error(request, _("Hãy tải tệp lên trước."))
        return redirect("people:import")
    unit = get_or_404(_import_units(request), pk=waiting["unit"])
    path = files.resolve(waiting["upload"])
    if path is None:
        messages.error(request, _("Tệp đã tải lên không còn nữa; hãy tải lên lại."))
        return redirect("people:import")
    try:
        mapping = _mapping_from(request, open_sheet(path, IMPORT_COLUMNS).headers)
        preview = services.residents_import_preview(actor=request.user, unit=unit, path=path, mapping=mapping)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("people:import")
    if request.method == "POST" and request.POST.get("start") and not preview.problem:
        try:
            job = services.residents_import_start(
                actor=request.user,
                unit=unit,
                upload=waiting["upload"],
                file_name=waiting["name"],
                mapping=preview.mapping,
                mode=ImportMode(request.POST.get("mode", waiting["mode"])),
            )
        except (SheetError, ValidationError) as error:
            messages.error(request, str(error) if isinstance(error, SheetError) else " ".join(error.messages))
        else:
            request.session[_IMPORTS] = {
                k: v for k, v in request.session.get(_IMPORTS, {}).items() if k != token
            }
            return redirect("jobs:detail", job_id=job.pk)
    columns = [
        {"index": i, "header": h, "field": preview.mapping.get(h, "")}
        for i, h in enumerate(preview.headers)
        if h
    ]
    return render(
        request,
        "people/person_import_preview.html",
        {
            "preview": preview,
            "columns": columns,
            "choices": IMPORT_COLUMNS,
            "unit": unit,
            "waiting": waiting,
            "token": token,
            "mapped": [preview.mapping.get(h, "") for h in preview.headers],
            "labels": {c.name: c.label for c in IMPORT_COLUMNS},
        },
    )


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
@rate_limited("people_read")
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id)
    record_viewed(request, person)
    user = request.user
    # The household came with the person (select_related): testing it costs no query.
    members = (
        household_members(user=user, household=person.household) if person.household is not None else None
    )
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=person)[: HISTORY_ON_DETAIL + 1]
        history = history_entries(events=events, model=Person, user=user, list_choices=CONDITION_LABELS)
    conditions = [CONDITION_LABELS["chronic_conditions"].get(c, c) for c in person.chronic_conditions or []]
    # What higher apps add (core.shell PERSON_TIMELINE / PERSON_PANELS): people imports none of them.
    timeline = sorted(
        (
            entry
            for source in declared_person_timeline()
            if source.capability is None or has_capability(user, source.capability)
            for entry in source.entries(user=user, person=person)
        ),
        key=lambda entry: (entry.on, entry.order),
    )
    panels = [
        (panel, panel.figures(user=user, person=person))
        for panel in declared_person_panels()
        if panel.capability is None or has_capability(user, panel.capability)
    ]
    return render(
        request,
        "people/person_detail.html",
        {
            "timeline": timeline,
            "panels": panels,
            "person": person,
            "members": members,
            "conditions": conditions,
            "history": history[:HISTORY_ON_DETAIL] if history is not None else None,
            "more_history": history is not None and len(history) > HISTORY_ON_DETAIL,
            "can_edit": has_capability(user, Capability.EDIT_PEOPLE) and person.merged_into_id is None,
        },
    )


@area_scoped(Capability.VIEW_AUDIT)
@require_GET
def person_history(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id)
    record_viewed(request, person, page="history")
    page = page_of(request, history_for(user=request.user, target=person))
    entries = history_entries(
        events=page.object_list, model=Person, user=request.user, list_choices=CONDITION_LABELS
    )
    return render(request, "people/person_history.html", {"person": person, "page": page, "entries": entries})


def _person_form(
    request: AuthedRequest,
    *,
    base: AdminUnit | None,
    data: Any = None,
    check_only: bool = False,
    editing: Person | None = None,
    **kwargs: Any,
) -> PersonForm:
    """The person form; ``check_only`` (live checks) accepts any unit or household in the jurisdiction."""
    keep = editing.residence_unit if editing is not None else None
    if check_only:
        units = _form_units(request, None, keep)
        households = household_search(user=request.user)
    elif base is None:
        units, households = (
            units_for_user(user=request.user).none(),
            household_search(user=request.user).none(),
        )
    else:
        units, households = _form_units(request, base, keep), household_search(user=request.user, unit=base)
    form = PersonForm(data, units=units, households=households, **kwargs)
    validate_url = reverse("people:validate_field")
    if editing is not None:  # its own number is no clash
        validate_url = f"{validate_url}?person={editing.pk}"
    form.enable_live_checks(validate_url=validate_url, duplicates_url=reverse("people:check_duplicates"))
    return form


def _national_id_holder(request: AuthedRequest, form: PersonForm) -> Person | None:
    """The record whose CCCD/CMND the form was refused for, when the user may see it (for its links)."""
    for error in form.errors.as_data().get("national_id", []):
        params = error.params or {}
        if error.code == PeopleErrorCode.NATIONAL_ID_TAKEN and "person_id" in params:
            try:
                return person_get_for_user(user=request.user, person_id=params["person_id"])
            except Http404:
                return None
    return None


def _likely_duplicates(request: AuthedRequest, form: PersonForm, exclude_pk: int | None = None) -> list[Any]:
    data = form.cleaned_data
    if not data.get("full_name"):
        return []
    return find_likely_duplicates(
        user=request.user,
        full_name=data["full_name"],
        birth_year=data.get("birth_year"),
        birth_date=data.get("birth_date"),
        national_id=data.get("national_id", ""),
        phone=data.get("phone", ""),
        residence_unit=data.get("residence_unit"),
        sex=data.get("sex", ""),
        household=data.get("household"),
        exclude_pk=exclude_pk,
    )


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    household = None
    if request.GET.get("household"):
        household = household_get_for_user(user=request.user, household_id=request.GET["household"])
    base = _form_base(scope, _commune_of(household.unit) if household is not None else None)
    matches: list[Any] = []
    if request.method == "POST":
        form = _person_form(request, base=base, data=request.POST)
        if form.is_valid():
            if not request.POST.get("confirm_duplicates"):
                matches = _likely_duplicates(request, form)
                number = form.cleaned_data.get("national_id")
                if any(match.person.uuid == form.cleaned_data.get("uuid") for match in matches):
                    matches = []  # the same form sent again (a retry on a weak line): the service answers
                elif number and any(match.person.national_id == number for match in matches):
                    matches = []  # not a choice to override: the service refuses the number, with its record
            if not matches:
                try:
                    person, created = services.person_create(
                        actor=request.user, uuid=form.cleaned_data.get("uuid"), **form.service_fields()
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    if created:
                        messages.success(
                            request, _("Đã thêm nhân khẩu %(name)s.") % {"name": person.full_name}
                        )
                    else:
                        messages.info(request, _("Hồ sơ này đã được lưu trước đó."))
                    return redirect("people:detail", person_id=person.pk)
    else:
        initial: dict[str, Any] = {}
        if household is not None:
            initial.update(household=household, residence_unit=household.unit)
        elif scope.unit is not None and (
            scope.unit.level == UnitLevel.VILLAGE
            or (scope.unit.level == UnitLevel.COMMUNE and not unit_has_subunits(unit=scope.unit))
        ):
            initial["residence_unit"] = scope.unit  # else it starts empty: the officer picks the village
        form = _person_form(request, base=base, initial=initial)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "matches": matches,
            "creating": True,
            "too_wide": base is None,
            "household": household,
            "taken": _national_id_holder(request, form) if form.is_bound else None,
            "can_merge": has_capability(request.user, Capability.MERGE_PEOPLE),
        },
    )


@area_scoped(Capability.EDIT_PEOPLE)
@require_POST
def person_check_duplicates(request: AuthedRequest) -> HttpResponse:
    """HTMX: the likely-duplicate panel for what has been typed so far on the create page."""
    form = _person_form(request, base=None, data=request.POST, check_only=True)
    form.is_valid()
    matches = _likely_duplicates(request, form) if form.cleaned_data.get("full_name") else []
    return render(
        request, "people/person_form.html#duplicates", {"form": form, "matches": matches, "live": True}
    )


@area_scoped(Capability.EDIT_PEOPLE)
@require_POST
def person_validate_field(request: AuthedRequest) -> HttpResponse:
    """HTMX: the error line of the field that just lost focus, checked by the same form."""
    name = request.htmx.trigger_name if request.htmx else None
    editing_id = request.GET.get("person", "")
    editing = person_get_for_user(user=request.user, person_id=editing_id) if editing_id else None
    same_person = [editing.pk] if editing is not None else []
    form = _person_form(request, base=None, data=request.POST, check_only=True, editing=editing)
    if not name or name not in form.fields:
        raise Http404
    form.is_valid()
    number = form.cleaned_data.get("national_id", "")
    if name == "national_id" and number and "national_id" not in form.errors:
        # The service's own rule, so the field says it as it is left rather than at Save.
        taken = services.national_id_taken(actor=request.user, national_id=number, same_person=same_person)
        if taken is not None:
            form.add_error("national_id", taken)
    return render(request, "people/person_form.html#field_error", {"field": form[name]})


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
@rate_limited("people_read")
def person_edit(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id)
    if person.merged_into_id is not None:
        messages.error(request, _("Hồ sơ này đã được gộp vào hồ sơ khác, không sửa được nữa."))
        return redirect("people:detail", person_id=person.pk)
    scope = scope_from_request(request)
    base = _form_base(scope, _commune_of(person.residence_unit))
    initial = {name: getattr(person, name) for name in MERGE_FIELDS} | {"version": person.version}
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = _person_form(request, base=base, data=request.POST, initial=initial, editing=person)
        if form.is_valid() and _opened_on_a_version(form):
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                services.person_update(
                    actor=request.user,
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                person = person_get_for_user(user=request.user, person_id=person_id)
                initial = {name: getattr(person, name) for name in MERGE_FIELDS} | {"version": person.version}
                data, changed_meanwhile = rebind_stale(form, stale, initial, Person)
                form = _person_form(request, base=base, data=data, initial=initial, editing=person)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("people:detail", person_id=person.pk)
    else:
        record_viewed(request, person, page="edit")
        form = _person_form(request, base=base, initial=initial, editing=person)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "creating": False,
            "changed_meanwhile": changed_meanwhile,
            "taken": _national_id_holder(request, form) if form.is_bound else None,
            "can_merge": has_capability(request.user, Capability.MERGE_PEOPLE),
        },
    )


def _opened_on_a_version(form: PersonForm | HouseholdForm | LiaisonGroupForm) -> bool:
    """An edit must say which version it was made on (a page opened before versions: reload)."""
    if form.cleaned_data.get("version") is None:
        form.add_error(None, _("Trang đã cũ; hãy tải lại trang rồi sửa."))
        return False
    return True


# Duplicates and merging --------------------------------------------------------------------


@area_scoped(Capability.MERGE_PEOPLE)
@require_GET
def duplicate_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    candidates = duplicate_candidates(user=request.user, status=DuplicateStatus.OPEN)
    if scope.explicit and scope.unit is not None:
        candidates = candidates.within(scope.unit.path)
    return render(request, "people/duplicate_list.html", {"page": page_of(request, candidates)})


@area_scoped(Capability.MERGE_PEOPLE)
@require_POST
def duplicate_dismiss(request: AuthedRequest, candidate_id: int) -> HttpResponse:
    candidate = duplicate_candidate_get_for_user(user=request.user, candidate_id=candidate_id)
    try:
        services.duplicate_dismiss(actor=request.user, candidate=candidate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đánh dấu hai hồ sơ không phải là một người."))
    return redirect("people:duplicates")


def _merge_rows(first: Person, second: Person, *, within: AdminUnit | None) -> list[dict[str, Any]]:
    rows = []
    for name in MERGE_FIELDS:
        a, b = getattr(first, name), getattr(second, name)
        if name == "is_pregnant" and first.sex == second.sex == Sex.MALE and not (a or b):
            continue  # not a question for two men
        related = {}
        if name in ("residence_unit", "household"):
            # Two records of a merge may live in two communes: name the places as a list would.
            label = (lambda unit: place_label(unit, within=within)) if name == "residence_unit" else str
            related = {
                (name, getattr(first, f"{name}_id")): label(a) if a else "",
                (name, getattr(second, f"{name}_id")): label(b) if b else "",
            }
            a, b = getattr(first, f"{name}_id"), getattr(second, f"{name}_id")
        elif name == "birth_date":
            a, b = (a.isoformat() if a else None), (b.isoformat() if b else None)
        rows.append(
            {
                "name": name,
                "label": field_label(Person, name),
                "first": format_value(Person, name, a, related_names=related, list_choices=CONDITION_LABELS),
                "second": format_value(Person, name, b, related_names=related, list_choices=CONDITION_LABELS),
                "differs": a != b,
                "first_empty": a in (None, "", []) and b not in (None, "", []),
            }
        )
    return rows


@area_scoped(Capability.MERGE_PEOPLE)
@require_http_methods(["GET", "POST"])
def person_merge(request: AuthedRequest, first_id: int, second_id: int) -> HttpResponse:
    """Two records side by side; the officer picks the survivor and, per field, the value kept."""
    if first_id == second_id:
        person_get_for_user(user=request.user, person_id=first_id)  # 404 if out of reach
        messages.error(request, _("Không thể gộp một hồ sơ vào chính nó."))
        return redirect("people:detail", person_id=first_id)
    first = person_get_for_user(user=request.user, person_id=first_id)
    second = person_get_for_user(user=request.user, person_id=second_id)
    for person in (first, second):
        if person.merged_into_id is not None:
            messages.error(
                request, _("Hồ sơ %(name)s đã được gộp vào hồ sơ khác trước đó.") % {"name": person.full_name}
            )
            return redirect("people:detail", person_id=person.pk)
    rows = _merge_rows(first, second, within=scope_from_request(request).unit)
    differing = [row["name"] for row in rows if row["differs"]]
    # By default keep the first record's values, except where only the second has one.
    initial = {
        "survivor": "first",
        **{
            f"keep_{row['name']}": "second" if row["first_empty"] else "first"
            for row in rows
            if row["differs"]
        },
    }
    if request.method == "POST":
        form = MergeForm(request.POST, differing=differing)
        if form.is_valid():
            keep_first = form.cleaned_data["survivor"] == "first"
            survivor, duplicate = (first, second) if keep_first else (second, first)
            survivor_side = "first" if keep_first else "second"
            field_choices = {
                name: ("survivor" if side == survivor_side else "duplicate")
                for name, side in form.choices_by_field().items()
            }
            try:
                merged = services.person_merge(
                    actor=request.user, survivor=survivor, duplicate=duplicate, field_choices=field_choices
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã gộp hai hồ sơ. Hồ sơ còn lại: %(name)s.") % {"name": merged.full_name},
                )
                return redirect("people:detail", person_id=merged.pk)
    else:
        form = MergeForm(initial=initial, differing=differing)
    for row in rows:
        row["field"] = form[f"keep_{row['name']}"] if row["differs"] else None
    return render(
        request, "people/person_merge.html", {"first": first, "second": second, "rows": rows, "form": form}
    )


# Households --------------------------------------------------------------------------------


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def household_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = HouseholdFilterForm(request.GET)
    filters.is_valid()
    households = household_search(user=request.user, query=filters.cleaned_data.get("q", ""), unit=scope.unit)
    context = {
        "filters": filters,
        "page": page_of(request, households),
        "can_edit": has_capability(request.user, Capability.EDIT_PEOPLE),
    }
    return render_partial(request, "people/household_list.html", context, partial="results")


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def household_detail(request: AuthedRequest, household_id: int) -> HttpResponse:
    household = household_get_for_user(user=request.user, household_id=household_id)
    record_viewed(request, household)
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": household_members(user=request.user, household=household),
            "can_edit": has_capability(request.user, Capability.EDIT_PEOPLE),
        },
    )


def _liaison_groups(request: AuthedRequest, base: AdminUnit | None) -> QuerySet[LiaisonGroup]:
    return liaison_groups_in(user=request.user, unit=base)


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def household_create(request: AuthedRequest) -> HttpResponse:
    base = _form_base(scope_from_request(request))
    units = _form_units(request, base) if base is not None else units_for_user(user=request.user).none()
    groups = _liaison_groups(request, base)
    if request.method == "POST":
        form = HouseholdForm(request.POST, units=units, liaison_groups=groups)
        if form.is_valid():
            try:
                household, created = services.household_create(
                    actor=request.user, uuid=form.cleaned_data.get("uuid"), **form.service_fields()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Đã thêm hộ gia đình."))
                return redirect("people:household_detail", household_id=household.pk)
    else:
        form = HouseholdForm(units=units, liaison_groups=groups)
    return render(
        request, "people/household_form.html", {"form": form, "creating": True, "too_wide": base is None}
    )


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def household_edit(request: AuthedRequest, household_id: int) -> HttpResponse:
    household = household_get_for_user(user=request.user, household_id=household_id)
    base = _form_base(scope_from_request(request), _commune_of(household.unit))
    units = _form_units(request, base)
    groups = _liaison_groups(request, base)
    members = household_members(user=request.user, household=household)
    fields = ("code", "address", "liaison_group", "head")
    initial = {name: getattr(household, name) for name in fields} | {"version": household.version}
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = HouseholdForm(
            request.POST, units=units, liaison_groups=groups, members=members, initial=initial
        )
        if form.is_valid() and _opened_on_a_version(form):
            changed = {k: v for k, v in form.service_fields().items() if k in form.changed_data}
            try:
                services.household_update(
                    actor=request.user,
                    household=household,
                    expected_version=form.cleaned_data["version"],
                    **changed,
                )
            except StaleRecordError as stale:
                household = household_get_for_user(user=request.user, household_id=household_id)
                initial = {name: getattr(household, name) for name in fields} | {"version": household.version}
                data, changed_meanwhile = rebind_stale(form, stale, initial, Household)
                form = HouseholdForm(
                    data, units=units, liaison_groups=groups, members=members, initial=initial
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("people:household_detail", household_id=household.pk)
    else:
        form = HouseholdForm(units=units, liaison_groups=groups, members=members, initial=initial)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "household": household, "creating": False, "changed_meanwhile": changed_meanwhile},
    )


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def liaison_group_create(request: AuthedRequest) -> HttpResponse:
    base = _form_base(scope_from_request(request))
    units = _form_units(request, base) if base is not None else units_for_user(user=request.user).none()
    if request.method == "POST":
        form = LiaisonGroupForm(request.POST, units=units)
        if form.is_valid():
            try:
                group = services.liaison_group_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm tổ liên gia %(name)s.") % {"name": group.name})
                return redirect("people:liaison_group_detail", group_id=group.pk)
    else:
        form = LiaisonGroupForm(units=units)
    return render(
        request, "people/liaison_group_form.html", {"form": form, "too_wide": base is None, "creating": True}
    )


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def liaison_group_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    filters = HouseholdFilterForm(request.GET)
    filters.is_valid()
    groups = liaison_group_search(user=request.user, query=filters.cleaned_data.get("q", ""), unit=scope.unit)
    context = {
        "filters": filters,
        "page": page_of(request, groups),
        "can_edit": has_capability(request.user, Capability.EDIT_PEOPLE),
    }
    return render_partial(request, "people/liaison_group_list.html", context, partial="results")


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def liaison_group_detail(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = liaison_group_get_for_user(user=request.user, group_id=group_id)
    user = request.user
    history = None
    if has_capability(user, Capability.VIEW_AUDIT):
        events = history_for(user=user, target=group)[:HISTORY_ON_DETAIL]
        history = history_entries(events=events, model=LiaisonGroup, user=user)
    return render(
        request,
        "people/liaison_group_detail.html",
        {
            "group": group,
            "households": liaison_group_households(user=user, group=group),
            "history": history,
            "can_edit": has_capability(user, Capability.EDIT_PEOPLE),
        },
    )


@area_scoped(Capability.EDIT_PEOPLE)
@require_http_methods(["GET", "POST"])
def liaison_group_edit(request: AuthedRequest, group_id: int) -> HttpResponse:
    group = liaison_group_get_for_user(user=request.user, group_id=group_id)
    leaders = liaison_group_leader_choices(user=request.user, group=group)
    initial = {"name": group.name, "leader": group.leader, "version": group.version}
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = LiaisonGroupForm(request.POST, leaders=leaders, initial=initial)
        if form.is_valid() and _opened_on_a_version(form):
            changed = {
                k: v for k, v in form.cleaned_data.items() if k in form.changed_data and k != "version"
            }
            try:
                services.liaison_group_update(
                    actor=request.user, group=group, expected_version=form.cleaned_data["version"], **changed
                )
            except StaleRecordError as stale:
                group = liaison_group_get_for_user(user=request.user, group_id=group_id)
                initial = {"name": group.name, "leader": group.leader, "version": group.version}
                data, changed_meanwhile = rebind_stale(form, stale, initial, LiaisonGroup)
                form = LiaisonGroupForm(data, leaders=leaders, initial=initial)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("people:liaison_group_detail", group_id=group.pk)
    else:
        form = LiaisonGroupForm(leaders=leaders, initial=initial)
    return render(
        request,
        "people/liaison_group_form.html",
        {"form": form, "group": group, "creating": False, "changed_meanwhile": changed_meanwhile},
    )
