"""The case definitions as data: 11042 and 1909 judged on plain facts (no database)."""

import datetime as dt

import pytest

from phaodai.labtests.definitions import ResultFacts, evaluate
from phaodai.labtests.rule_kinds import CaseDefinition

DAY = dt.date(2022, 2, 1)


def _definition(name: str) -> CaseDefinition:
    from importlib import import_module

    module = import_module("phaodai.labtests.migrations.0002_case_definitions")
    found = next(r for r in module.RULE_SETS if r["code"] == name)
    return CaseDefinition.model_validate(found["parameters"])


D11042 = "case_definition.11042"
D1909 = "case_definition.1909"


def rat(**facts):
    return ResultFacts(kind="rapid_antigen", result="positive", sampled_on=DAY, **facts)


def pcr():
    return ResultFacts(kind="rt_pcr", result="positive", sampled_on=DAY)


@pytest.mark.parametrize(
    ("_case", "definition", "facts", "criterion"),
    [
        ("pcr_11042", D11042, [pcr()], "(a) Xét nghiệm RT-PCR dương tính"),
        (
            "f1_rat_11042",
            D11042,
            [rat(contact=True)],
            "(b) Người tiếp xúc gần (F1) có xét nghiệm nhanh kháng nguyên dương tính",
        ),
        (
            "symptoms_rat_11042",
            D11042,
            [rat(symptoms=True)],
            "(c) Người có biểu hiện lâm sàng nghi mắc COVID-19 và xét nghiệm nhanh kháng nguyên dương tính",
        ),
        ("pcr_1909", D1909, [pcr()], "(a) Xét nghiệm RT-PCR dương tính"),
        (
            "epi_rat_1909",
            D1909,
            [rat(epi_factors=True)],
            "(c) Có yếu tố dịch tễ và xét nghiệm nhanh kháng nguyên dương tính",
        ),
        (
            "symptoms_rat_1909",
            D1909,
            [rat(symptoms=True)],
            "(b) Có triệu chứng lâm sàng và xét nghiệm nhanh kháng nguyên dương tính",
        ),
    ],
)
def test_definition_met(_case, definition, facts, criterion):
    judged = evaluate(_definition(definition), facts)

    assert (judged.meets, judged.criterion, judged.missing) == (True, criterion, "")


def test_11042_epi_factors_one_rat_says_the_second_test_is_missing():
    judged = evaluate(
        _definition(D11042), [rat(epi_factors=True, sampled_at=dt.time(8, 0))], document="11042/BYT-DP"
    )

    assert judged.meets is False
    assert judged.missing == (
        "Chưa đủ tiêu chuẩn ca bệnh theo 11042/BYT-DP. Còn cần: RT-PCR dương tính (điểm a) hoặc "
        "Test nhanh kháng nguyên dương tính lần 2 trong vòng 8 giờ sau lần đầu (điểm d)."
    )


def test_11042_two_rats_within_8_hours_meet_and_outside_do_not():
    first = rat(epi_factors=True, sampled_at=dt.time(8, 0))
    within = ResultFacts(kind="rapid_antigen", result="positive", sampled_on=DAY, sampled_at=dt.time(15, 30))
    late = ResultFacts(kind="rapid_antigen", result="positive", sampled_on=DAY, sampled_at=dt.time(17, 0))

    assert evaluate(_definition(D11042), [first, within]).criterion.startswith("(d) ")
    assert evaluate(_definition(D11042), [first, late]).missing == (
        "Chưa đủ tiêu chuẩn ca bệnh. Còn cần: RT-PCR dương tính (điểm a) hoặc "
        "Test nhanh kháng nguyên dương tính lần 2 trong vòng 8 giờ sau lần trước (điểm d)."
    )


def test_same_positive_rat_meets_1909_but_not_11042():
    """An epidemiological factor and one positive RAT: a case from 15/04/2022, not before."""
    facts = [rat(epi_factors=True, sampled_at=dt.time(9, 0))]

    assert evaluate(_definition(D1909), facts).meets is True
    assert evaluate(_definition(D11042), facts).meets is False


def test_a_self_test_alone_confirms_nothing():
    judged = evaluate(
        _definition(D1909), [ResultFacts(kind="self_test", result="positive", sampled_on=DAY, symptoms=True)]
    )

    assert judged.meets is False
    assert judged.missing == (
        "Chưa đủ tiêu chuẩn ca bệnh. Còn cần: RT-PCR dương tính (điểm a) hoặc "
        "Test nhanh kháng nguyên dương tính (điểm b)."
    )
