"""Applying the rules in force to a case and storing each decision with its rule set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phaodai.cases import decisions
from phaodai.cases.decisions import CaseFacts, Condition, age_in_months
from phaodai.cases.models import Case
from phaodai.cases.rule_kinds import (
    HOME_CARE,
    ISOLATION_END,
    RISK_ROUTING,
    SEVERITY,
    HomeCareParams,
    IsolationEndParams,
    RiskRoutingParams,
    SeverityParams,
)
from phaodai.labtests.models import TestResult
from phaodai.rules.errors import NoRuleInForce
from phaodai.rules.selectors import params, rule_in_force

# The case columns a decision writes (saved along with every change that recomputes them).
DECISION_FIELDS = (
    "home_care_eligible",
    "home_care_reasons",
    "home_care_rule_set",
    "risk_group",
    "risk_setting",
    "risk_bed_kind",
    "risk_reasons",
    "risk_rule_set",
    "isolation_from",
    "release_test_on",
    "release_test",
    "isolation_until",
    "end_reasons",
    "end_rule_set",
)


def facts_of(case: Case, *, values: dict[str, Any] | None = None) -> CaseFacts:
    """The facts the rules read: the case's findings (or ``values`` about to be saved) and its person."""
    v = values or {}

    def get(name: str) -> Any:
        return v[name] if name in v else getattr(case, name)

    person = case.person
    confirmed_on: dt.date = get("confirmed_on")
    return CaseFacts(
        confirmed_on=confirmed_on,
        age_months=age_in_months(person.birth_date, person.birth_year, confirmed_on),
        pregnant=bool(person.is_pregnant),
        postpartum=bool(get("postpartum")),
        comorbidities=tuple(person.chronic_conditions or ()),
        comorbidity_stable=bool(get("comorbidity_stable")),
        vaccination=get("vaccination_status"),
        last_dose_on=get("last_dose_on"),
        symptoms=tuple(get("symptoms") or ()),
        respiratory_rate=get("respiratory_rate"),
        spo2=get("spo2"),
        has_pneumonia=bool(get("has_pneumonia")),
        abnormal_breathing=bool(get("abnormal_breathing")),
        needs_ventilation=bool(get("needs_ventilation")),
        can_self_care=bool(get("can_self_care")),
        can_contact_staff=bool(get("can_contact_staff")),
        care_setting=get("care_setting"),
    )


def _no_rule(error: ValidationError) -> list[dict[str, object]]:
    return [{"condition": "rule", "met": False, "reason": " ".join(error.messages)}]


def first_positive_sampled_on(case: Case, tests: Sequence[TestResult] | None = None) -> dt.date | None:
    """The sample day of the case's first positive test (``tests`` about to be linked to a new
    case, else the case's own), or None when no positive test is behind it."""
    if tests is not None:
        days = [result.sampled_on for result in tests if result.result == "positive"]
        return min(days) if days else None
    if case._state.adding:  # not saved yet: no tests linked
        return None
    return (
        TestResult.objects.unscoped()
        .filter(cases=case, result="positive")
        .order_by("sampled_on")
        .values_list("sampled_on", flat=True)
        .first()
    )


def isolation_day_zero(case: Case, tests: Sequence[TestResult] | None = None) -> tuple[dt.date, Condition]:
    """Day 0 of the isolation and why: the rules count the days from the positive test (RULES.md
    §3.6: 3416 "day 10 from the positive test"; 11011, 261 and 762 "after 7/10 days" from the
    same start), so the sample day of the first positive test behind the case, else (a case
    registered without its test) the confirmation date."""
    sampled = first_positive_sampled_on(case, tests)
    if sampled is not None and sampled <= case.confirmed_on:
        return sampled, Condition(
            "day_zero",
            True,
            _("Tính ngày từ ngày lấy mẫu xét nghiệm dương tính %(day)s.")
            % {"day": sampled.strftime("%d/%m/%Y")},
        )
    return case.confirmed_on, Condition(
        "day_zero",
        True,
        _("Không có kết quả xét nghiệm dương tính đi kèm: tính ngày từ ngày khẳng định %(day)s.")
        % {"day": case.confirmed_on.strftime("%d/%m/%Y")},
    )


def decide(case: Case, *, tests: Sequence[TestResult] | None = None) -> None:
    """Set every decision of ``case`` from the rules in force for its commune on its confirmation
    date (the same rules however often it is recomputed; a new rule set changes later cases only).

    ``tests``: the results a new case is about to be linked to (a stored case reads its own)."""
    facts = facts_of(case)
    on, unit = case.confirmed_on, case.unit
    try:
        rule = rule_in_force(HOME_CARE, unit, on)
    except NoRuleInForce as error:
        case.home_care_eligible, case.home_care_reasons, case.home_care_rule_set = None, _no_rule(error), None
    else:
        home = decisions.home_care_eligibility(facts, params(rule, HomeCareParams))
        case.home_care_eligible = home.eligible
        case.home_care_reasons = [c.as_json() for c in home.conditions]
        case.home_care_rule_set = rule
    try:
        rule = rule_in_force(RISK_ROUTING, unit, on)
    except NoRuleInForce as error:
        case.risk_group = case.risk_setting = case.risk_bed_kind = ""
        case.risk_reasons, case.risk_rule_set = _no_rule(error), None
    else:
        risk = decisions.risk_routing(facts, params(rule, RiskRoutingParams))
        case.risk_group, case.risk_setting, case.risk_bed_kind = risk.group, risk.setting, risk.bed_kind
        case.risk_reasons = [c.as_json() for c in risk.conditions]
        case.risk_rule_set = rule
    day_zero, why = isolation_day_zero(case, tests)
    case.isolation_from = day_zero
    try:
        rule = rule_in_force(ISOLATION_END, unit, on)
    except NoRuleInForce as error:
        case.release_test_on, case.release_test, case.isolation_until = None, "", None
        case.end_reasons, case.end_rule_set = [why.as_json(), *_no_rule(error)], None
    else:
        end = decisions.isolation_end(facts, params(rule, IsolationEndParams), isolation_from=day_zero)
        case.release_test_on, case.release_test, case.isolation_until = end.release_from, end.test, end.until
        case.end_reasons = [why.as_json(), *(c.as_json() for c in end.conditions)]
        case.end_rule_set = rule


def suggest_severity(case: Case, on: dt.date) -> tuple[str, list[dict[str, object]], Any]:
    """The class the severity rule in force on ``on`` gives the case's findings: (class, reasons, rule set)."""
    try:
        rule = rule_in_force(SEVERITY, case.unit, on)
    except NoRuleInForce as error:
        return "", _no_rule(error), None
    found = decisions.severity_class(facts_of(case), params(rule, SeverityParams))
    return str(found.severity), [c.as_json() for c in found.conditions], rule
