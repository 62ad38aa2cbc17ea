"""The warning signs of 261/QĐ-BYT (RULES.md §3.4), read from the shipped rule data.

Every sign, with the child thresholds by age, on both sides of each boundary. The parameters
are the ones the data migration writes (``RULE_SETS``), so these tests pin the shipped data.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import import_module

import pytest
from pydantic import ValidationError

from phaodai.homecare.signs import Reading, WarningSignsParams, evaluate

DATA = {
    row["code"]: row
    for row in import_module("phaodai.homecare.migrations.0002_warning_signs_rule_sets").RULE_SETS
}
P261 = WarningSignsParams.model_validate(DATA["warning_signs.261"]["parameters"])
HANOI = WarningSignsParams.model_validate(DATA["warning_signs.hanoi_2021"]["parameters"])
ADULT = 40 * 12


def years(n: float) -> int:
    return round(n * 12)


def signs(params: WarningSignsParams, reading: Reading, age_months: int = ADULT) -> list[int]:
    return evaluate(params, reading, age_months=age_months).numbers


def test_a_normal_adult_reading_raises_nothing():
    reading = Reading(
        respiratory_rate=16, spo2=98, pulse=80, systolic=120, diastolic=80, temperature=Decimal("37.0")
    )
    result = evaluate(P261, reading, age_months=ADULT)
    assert result.raised == ()
    assert result.unjudged == ()


def test_the_shipped_data_has_eleven_numbered_signs():
    assert [sign.number for sign in P261.signs] == list(range(1, 12))
    assert DATA["warning_signs.261"]["verified"] is True
    assert DATA["warning_signs.hanoi_2021"]["verified"] is False
    assert DATA["warning_signs.4038"]["verified"] is False


# --- sign 1: dyspnoea; the children's forms only for a child ---------------------------------
@pytest.mark.parametrize(
    ("_case", "symptom", "age", "expected"),
    [
        ("adult dyspnoea", "kho_tho", ADULT, [1]),
        ("child dyspnoea", "kho_tho", years(3), [1]),
        ("child grunting, 11 y 11 m", "tre_tho_bat_thuong", years(12) - 1, [1]),
        ("grunting at 12 y is not the child sign", "tre_tho_bat_thuong", years(12), []),
    ],
)
def test_sign_1_dyspnoea(_case, symptom, age, expected):
    assert signs(P261, Reading(symptoms=frozenset({symptom})), age) == expected


# --- sign 2: respiratory rate by age ----------------------------------------------------------
@pytest.mark.parametrize(
    ("_case", "age", "rate", "expected"),
    [
        ("adult 19", ADULT, 19, []),
        ("adult 20", ADULT, 20, [2]),
        ("12 y exactly is adult: 19", years(12), 19, []),
        ("12 y exactly is adult: 20", years(12), 20, [2]),
        ("11 y 11 m: 29", years(12) - 1, 29, []),
        ("11 y 11 m: 30", years(12) - 1, 30, [2]),
        ("5 y exactly: 29", years(5), 29, []),
        ("5 y exactly: 30", years(5), 30, [2]),
        ("4 y 11 m: 39", years(5) - 1, 39, []),
        ("4 y 11 m: 40", years(5) - 1, 40, [2]),
        ("1 y exactly: 39", years(1), 39, []),
        ("1 y exactly: 40", years(1), 40, [2]),
    ],
)
def test_sign_2_respiratory_rate_by_age(_case, age, rate, expected):
    assert signs(P261, Reading(respiratory_rate=rate), age) == expected


def test_sign_2_reason_names_the_child_band():
    result = evaluate(P261, Reading(respiratory_rate=42), age_months=years(3))
    assert [(s.number, s.reason) for s in result.raised] == [
        (2, "Nhịp thở 42 lần/phút ≥ 40 (từ 1 tuổi đến dưới 5 tuổi)")
    ]


def test_sign_2_under_one_year_is_not_judged_and_says_so():
    result = evaluate(P261, Reading(respiratory_rate=55), age_months=11)
    assert result.raised == ()
    assert result.unjudged == ("Nhịp thở 55 lần/phút: quy định không có ngưỡng cho tuổi này",)


# --- sign 3: SpO2 ≤ 96 % ---------------------------------------------------------------------
@pytest.mark.parametrize(("spo2", "expected"), [(97, []), (96, [3]), (94, [3])])
@pytest.mark.parametrize("age", [ADULT, years(3), 6])
def test_sign_3_spo2(spo2, expected, age):
    assert signs(P261, Reading(spo2=spo2), age) == expected


def test_sign_3_reason():
    result = evaluate(P261, Reading(spo2=94), age_months=ADULT)
    assert [(s.number, s.reason) for s in result.raised] == [(3, "SpO2 94 % ≤ 96")]


# --- sign 4: pulse > 120 or < 50 -------------------------------------------------------------
@pytest.mark.parametrize(("pulse", "expected"), [(121, [4]), (120, []), (50, []), (49, [4])])
@pytest.mark.parametrize("age", [ADULT, years(3)])
def test_sign_4_pulse(pulse, expected, age):
    assert signs(P261, Reading(pulse=pulse), age) == expected


# --- sign 5: low blood pressure --------------------------------------------------------------
@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [(90, 60, []), (89, 70, [5]), (100, 59, [5]), (89, 59, [5]), (None, 59, [5]), (90, None, [])],
)
def test_sign_5_low_blood_pressure(systolic, diastolic, expected):
    result = evaluate(P261, Reading(systolic=systolic, diastolic=diastolic), age_months=ADULT)
    assert result.numbers == expected


def test_sign_5_both_low_gives_two_reasons_for_one_sign():
    result = evaluate(P261, Reading(systolic=85, diastolic=55), age_months=ADULT)
    assert [(s.number, s.reason) for s in result.raised] == [
        (5, "Huyết áp tối đa 85 mmHg < 90"),
        (5, "Huyết áp tối thiểu 55 mmHg < 60"),
    ]
    assert result.numbers == [5]


# --- signs 6, 7, 8, 10, 11: symptoms at every age --------------------------------------------
@pytest.mark.parametrize(
    ("symptom", "sign"),
    [
        ("dau_nguc", 6),
        ("lu_lan", 7),
        ("co_giat", 7),
        ("tim_tai", 8),
        ("benh_cap_moi", 10),
        ("bat_on_khac", 11),
    ],
)
@pytest.mark.parametrize("age", [ADULT, years(3)])
def test_symptom_signs_at_every_age(symptom, sign, age):
    assert signs(P261, Reading(symptoms=frozenset({symptom})), age) == [sign]


@pytest.mark.parametrize(
    ("_case", "age", "expected"), [("11 y 11 m", years(12) - 1, [7]), ("12 y", years(12), [])]
)
def test_sign_7_inconsolable_child_only_for_a_child(_case, age, expected):
    assert signs(P261, Reading(symptoms=frozenset({"tre_li_bi"})), age) == expected


# --- sign 9: children --------------------------------------------------------------------------
@pytest.mark.parametrize("symptom", ["tre_bu_kem", "non", "tre_misc"])
@pytest.mark.parametrize(("age", "expected"), [(years(12) - 1, [9]), (years(12), []), (3, [9])])
def test_sign_9_children_only(symptom, age, expected):
    assert signs(P261, Reading(symptoms=frozenset({symptom})), age) == expected


def test_ordinary_symptoms_raise_nothing():
    reading = Reading(symptoms=frozenset({"ho", "sot", "met_moi", "dau_hong", "mat_vi_giac"}))
    assert signs(P261, reading) == []


def test_unknown_symptom_codes_are_ignored():
    assert signs(P261, Reading(symptoms=frozenset({"not_a_code"}))) == []


def test_many_signs_at_once_in_order():
    reading = Reading(respiratory_rate=24, spo2=93, pulse=130, symptoms=frozenset({"bat_on_khac", "kho_tho"}))
    assert signs(P261, reading) == [1, 2, 3, 4, 11]


# --- the Hà Nội variant: RR ≥ 21, SpO2 < 95 ----------------------------------------------------
@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        (Reading(respiratory_rate=20), []),
        (Reading(respiratory_rate=21), [2]),
        (Reading(spo2=95), []),
        (Reading(spo2=94), [3]),
    ],
)
def test_hanoi_variant(reading, expected):
    assert signs(HANOI, reading) == expected


def test_hanoi_and_261_differ_on_spo2_95():
    assert signs(P261, Reading(spo2=95)) == [3]
    assert signs(HANOI, Reading(spo2=95)) == []


# --- the schema refuses inconsistent parameters -----------------------------------------------
def test_schema_refuses_a_sign_missing_from_the_list():
    data = dict(DATA["warning_signs.261"]["parameters"])
    data["signs"] = [sign for sign in data["signs"] if sign["number"] != 4]
    with pytest.raises(ValidationError, match="dấu hiệu không có trong danh sách: 4"):
        WarningSignsParams.model_validate(data)


def test_schema_refuses_overlapping_age_bands():
    data = dict(DATA["warning_signs.261"]["parameters"])
    data["respiratory_rate"] = {
        "sign": 2,
        "bands": [
            {"from_months": 12, "until_months": 70, "bounds": [{"op": ">=", "limit": "40"}]},
            {"from_months": 60, "bounds": [{"op": ">=", "limit": "30"}]},
        ],
    }
    with pytest.raises(ValidationError, match="các nhóm tuổi chồng lên nhau"):
        WarningSignsParams.model_validate(data)


def test_schema_refuses_unknown_operator_and_extra_keys():
    data = dict(DATA["warning_signs.261"]["parameters"])
    data["spo2"] = {"sign": 3, "bands": [{"bounds": [{"op": "=<", "limit": "96"}]}]}
    with pytest.raises(ValidationError):
        WarningSignsParams.model_validate(data)
    with pytest.raises(ValidationError):
        WarningSignsParams.model_validate({**DATA["warning_signs.261"]["parameters"], "extra": 1})
