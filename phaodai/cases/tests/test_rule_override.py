"""A rule change is a data change: a province's override of home care from a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phaodai.cases.services import case_update
from phaodai.cases.tests.factories import make_case
from phaodai.people.tests.factories import make_person
from phaodai.rules.services import rule_set_create

pytestmark = pytest.mark.django_db


def _code(rule_set: Any) -> str | None:
    return rule_set.code if rule_set is not None else None


STRICTER = {
    "mild_symptoms": ["fever", "dry_cough", "sore_throat"],
    "respiratory_rate_max": 20,
    "respiratory_rate_max_inclusive": False,
    "spo2_min": 97,
    "spo2_min_inclusive": True,
    "extra_condition": "vaccinated_or_low_risk",
    "low_risk_age_above": 1,
    "low_risk_age_below": 50,
}


def test_province_override_from_a_date_changes_later_cases_only(units, system_admin, patient):
    findings: dict[str, Any] = {"respiratory_rate": 18, "spo2": 98, "symptoms": ["fever"]}
    before = make_case(person=patient, confirmed_on=dt.date(2022, 2, 10), **findings)
    assert (before.home_care_eligible, _code(before.home_care_rule_set)) == (True, "home_care.261")

    override = rule_set_create(
        actor=system_admin,
        code="home_care.lao-cai-2022-02",
        kind="home_care",
        title="Lào Cai: điều kiện F0 tại nhà chặt hơn",
        scope_unit=units["Tỉnh Lào Cai"],
        valid_from=dt.date(2022, 2, 15),
        valid_to=None,
        source_number="123/QĐ-UBND",
        source_date=dt.date(2022, 2, 14),
        source_body="UBND tỉnh Lào Cai",
        source_where="thử nghiệm",
        verified=True,
        parameters=STRICTER,
    )
    after = make_case(person=patient, confirmed_on=dt.date(2022, 2, 16), **findings)
    # The earlier case, even recomputed by an edit, keeps the rule in force when it was confirmed.
    before = case_update(
        actor=system_admin, case=before, expected_version=before.version, notes="Đã gọi điện"
    )

    assert _code(before.home_care_rule_set) == "home_care.261"
    assert after.home_care_rule_set == override
    assert after.home_care_eligible is False  # 55, unvaccinated: the override keeps 4038's extra condition
    # A case of the other province on the same day still gets the national rule.
    elsewhere = make_person(residence_unit=units["Bản Pa Tần"], birth_date=dt.date(1966, 5, 2))
    other = make_case(person=elsewhere, confirmed_on=dt.date(2022, 2, 16), **findings)
    assert _code(other.home_care_rule_set) == "home_care.261"
