"""Which rule set was in force for a unit on a date: national, or a province's override."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phaodai.rules.errors import NoRuleInForce
from phaodai.rules.selectors import params, rule_in_force
from phaodai.rules.tests.conftest import national
from phaodai.rules.tests.kindapp.rule_kinds import IsolationParams

pytestmark = pytest.mark.django_db


def test_the_rule_set_in_force_on_a_date(units):
    old = national(code="t.old", valid_to=dt.date(2021, 12, 31))
    new = national(code="t.new", valid_from=dt.date(2022, 1, 1), parameters={"days": 7})
    commune = units["Xã Bản Phố"]

    assert rule_in_force("test_isolation", commune, dt.date(2021, 6, 1)) == old
    assert rule_in_force("test_isolation", commune, dt.date(2021, 12, 31)) == old
    assert rule_in_force("test_isolation", commune, dt.date(2022, 1, 1)) == new
    assert rule_in_force("test_isolation", commune, dt.date(2030, 1, 1)) == new


def test_a_province_override_from_a_date(units):
    national(code="t.national")
    lao_cai = units["Tỉnh Lào Cai"]
    override = national(
        code="t.laocai", scope_unit=lao_cai, valid_from=dt.date(2021, 8, 1), parameters={"days": 21}
    )
    commune = units["Xã Bản Phố"]
    other_province_commune = units["Xã Pa Tần"]

    before = rule_in_force("test_isolation", commune, dt.date(2021, 7, 31))
    after = rule_in_force("test_isolation", commune, dt.date(2021, 8, 1))
    elsewhere = rule_in_force("test_isolation", other_province_commune, dt.date(2021, 8, 1))

    assert (before.code, after.code, elsewhere.code) == ("t.national", "t.laocai", "t.national")
    assert after == override
    assert rule_in_force("test_isolation", lao_cai, dt.date(2021, 9, 1)) == override


def test_no_rule_in_force_is_a_vietnamese_validation_error(units):
    national(valid_from=dt.date(2021, 5, 1))

    with pytest.raises(NoRuleInForce) as raised:
        rule_in_force("test_isolation", units["Xã Bản Phố"], dt.date(2021, 4, 30))

    assert isinstance(raised.value, ValidationError)
    assert raised.value.messages == [
        "Không có quy định loại «test_isolation» nào có hiệu lực tại Xã Bản Phố ngày 30/04/2021."
    ]


def test_params_are_typed(units):
    rule_set = national(parameters={"days": 10, "negative_test_needed": True, "tests": ["rapid_antigen"]})

    typed = params(rule_set, IsolationParams)

    assert typed == IsolationParams(days=10, negative_test_needed=True, tests=("rapid_antigen",))


def test_params_that_do_not_fit_the_schema_name_the_parameter(units):
    rule_set = national(parameters={"days": "mười"})

    with pytest.raises(ValidationError) as raised:
        params(rule_set, IsolationParams)

    assert raised.value.messages == ["Tham số «days»: phải là số nguyên."]
