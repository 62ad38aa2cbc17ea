"""Rule set pages: the list by kind, a rule set's detail and history, create and edit.

Every signed-in user reads the rules (they bind everyone); only system administrators
(``MANAGE_RULES``) create and edit them. Pages are addressed by the rule set's code.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import units_for_user
from phaodai.core.access import area_scoped, has_capability, login_only
from phaodai.core.roles import Capability
from phaodai.core.services import StaleRecordError
from phaodai.rules import services
from phaodai.rules.forms import PARAM_PREFIX, RuleSetForm, initial_of
from phaodai.rules.kinds import RuleKind, UnknownRuleKindError, declared_kinds, rule_kind
from phaodai.rules.models import RuleSet
from phaodai.rules.selectors import (
    rule_set_by_code,
    rule_set_history,
    rule_set_parameters,
    rule_sets_by_kind,
)
from phaodai.ui.forms import ChangedMeanwhile, apply_service_errors, rebind_stale
from phaodai.ui.history import history_entries
from phaodai.ui.types import AuthedRequest

HISTORY_ON_DETAIL = 20


def _rule_set(code: str) -> RuleSet:
    try:
        return rule_set_by_code(code)
    except RuleSet.DoesNotExist:
        raise Http404 from None


def _kind(code: str) -> RuleKind:
    try:
        return rule_kind(code)
    except UnknownRuleKindError:
        raise Http404 from None


def _provinces(request: AuthedRequest) -> QuerySet[AdminUnit]:
    return units_for_user(user=request.user).filter(level=UnitLevel.PROVINCE).order_by("name_key", "pk")


@login_only
@require_GET
def rule_set_list(request: AuthedRequest) -> HttpResponse:
    kinds = declared_kinds()
    wanted = request.GET.get("kind", "").strip()
    today = timezone.localdate()
    groups = rule_sets_by_kind(on=today, kind=wanted or None)
    context = {
        "groups": groups,
        "kinds": list(kinds.values()),
        "wanted": wanted,
        "today": today,
        "can_manage": has_capability(request.user, Capability.MANAGE_RULES),
    }
    return render(request, "rules/rule_set_list.html", context)


@login_only
@require_GET
def rule_set_detail(request: AuthedRequest, rule_code: str) -> HttpResponse:
    rule_set = _rule_set(rule_code)
    kinds = declared_kinds()
    events = rule_set_history(rule_set)[:HISTORY_ON_DETAIL]
    today = timezone.localdate()
    context = {
        "rule_set": rule_set,
        "kind": kinds.get(rule_set.kind),
        "parameters": rule_set_parameters(rule_set),
        "history": history_entries(events=events, model=RuleSet, user=request.user),
        "in_force_today": rule_set.in_force_on(today),
        "today": today,
        "can_manage": has_capability(request.user, Capability.MANAGE_RULES),
    }
    return render(request, "rules/rule_set_detail.html", context)


@area_scoped(Capability.MANAGE_RULES)
@require_http_methods(["GET", "POST"])
def rule_set_create(request: AuthedRequest) -> HttpResponse:
    wanted = request.GET.get("kind", "").strip()
    if not wanted:
        return render(request, "rules/rule_set_kinds.html", {"kinds": list(declared_kinds().values())})
    kind = _kind(wanted)
    provinces = _provinces(request)
    if request.method == "POST":
        form = RuleSetForm(request.POST, kind=kind, provinces=provinces)
        if form.is_valid():
            try:
                rule_set = services.rule_set_create(
                    actor=request.user, kind=kind.code, **form.service_fields()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã thêm bộ quy định %(code)s.") % {"code": rule_set.code})
                return redirect("rules:detail", rule_code=rule_set.code)
    else:
        form = RuleSetForm(kind=kind, provinces=provinces)
    return render(request, "rules/rule_set_form.html", {"form": form, "kind": kind, "creating": True})


@area_scoped(Capability.MANAGE_RULES)
@require_http_methods(["GET", "POST"])
def rule_set_edit(request: AuthedRequest, rule_code: str) -> HttpResponse:
    rule_set = _rule_set(rule_code)
    kind = _kind(rule_set.kind)
    provinces = _provinces(request)
    changed_meanwhile: list[ChangedMeanwhile] = []
    if request.method == "POST":
        form = RuleSetForm(request.POST, kind=kind, provinces=provinces, rule_set=rule_set)
        if form.is_valid() and form.cleaned_data.get("version"):
            try:
                saved = services.rule_set_update(
                    actor=request.user,
                    rule_set=rule_set,
                    expected_version=form.cleaned_data["version"],
                    **form.service_fields(),
                )
            except StaleRecordError as stale:
                rule_set = _rule_set(rule_code)
                current = initial_of(rule_set) | {"scope_unit": rule_set.scope_unit}
                data, changed_meanwhile = rebind_stale(form, stale, current, RuleSet)
                if "parameters" in stale.changed:
                    data = data.copy()
                    for name in form.param_names:
                        key = PARAM_PREFIX + name
                        data[key] = str(
                            form.fields[key].widget.format_value(
                                form.fields[key].prepare_value(current.get(key))
                            )
                            or ""
                        )
                    data._mutable = False
                    changed_meanwhile.append(
                        ChangedMeanwhile(label=_("Tham số"), value=_("xem các ô tham số"))
                    )
                form = RuleSetForm(data, kind=kind, provinces=provinces, rule_set=rule_set)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("rules:detail", rule_code=saved.code)
        elif form.is_valid():
            form.add_error(None, _("Trang đã cũ; hãy tải lại trang rồi sửa."))
    else:
        form = RuleSetForm(kind=kind, provinces=provinces, rule_set=rule_set)
    return render(
        request,
        "rules/rule_set_form.html",
        {
            "form": form,
            "kind": kind,
            "rule_set": rule_set,
            "creating": False,
            "changed_meanwhile": changed_meanwhile,
        },
    )
