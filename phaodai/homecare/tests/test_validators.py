from __future__ import annotations

from decimal import Decimal
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError

from phaodai.homecare.signs import Reading, WarningSignsParams
from phaodai.homecare.validators import clean_reading

DATA = {
    row["code"]: row
    for row in import_module("phaodai.homecare.migrations.0002_warning_signs_rule_sets").RULE_SETS
}
P261 = WarningSignsParams.model_validate(DATA["warning_signs.261"]["parameters"])


def messages(values):
    with pytest.raises(ValidationError) as caught:
        clean_reading(values, P261)
    return {field: [str(m) for m in errors] for field, errors in caught.value.message_dict.items()}


def test_a_full_reading_is_cleaned():
    reading = clean_reading(
        {
            "respiratory_rate": "18",
            "pulse": 88,
            "temperature": "37,5",
            "spo2": "97",
            "systolic": "120",
            "diastolic": "80",
            "symptoms": ["ho", "sot"],
        },
        P261,
    )
    assert reading == Reading(
        respiratory_rate=18,
        pulse=88,
        temperature=Decimal("37.5"),
        spo2=97,
        systolic=120,
        diastolic=80,
        symptoms=frozenset({"ho", "sot"}),
    )


def test_spo2_150_is_refused():
    assert messages({"spo2": "150"}) == {
        "spo2": ["SpO2 150 % không hợp lý: hãy đo lại và nhập số từ 50 đến 100."]
    }


def test_pulse_0_is_refused():
    assert messages({"pulse": "0"}) == {
        "pulse": ["Mạch 0 lần/phút không hợp lý: hãy đo lại và nhập số từ 20 đến 250."]
    }


def test_text_and_fractions_are_refused():
    assert messages({"respiratory_rate": "abc", "pulse": "80.5"}) == {
        "respiratory_rate": ["Nhịp thở phải là một số."],
        "pulse": ["Mạch phải là số nguyên."],
    }


def test_temperature_range_and_blood_pressure_order():
    assert messages({"temperature": "45", "systolic": "80", "diastolic": "90"}) == {
        "temperature": ["Nhiệt độ 45 °C không hợp lý: hãy đo lại và nhập số từ 34 đến 42,5."],
        "diastolic": ["Huyết áp tối thiểu phải nhỏ hơn huyết áp tối đa."],
    }


def test_an_empty_reading_is_refused():
    assert messages({}) == {"__all__": ["Hãy nhập ít nhất một chỉ số hoặc một triệu chứng."]}


def test_an_unknown_symptom_is_refused():
    assert messages({"symptoms": ["xyz"]}) == {
        "symptoms": ["Triệu chứng không có trong danh sách của quy định: xyz"]
    }


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e400"])
def test_odd_numbers_are_refused(value):
    assert list(messages({"spo2": value})) == ["spo2"]
