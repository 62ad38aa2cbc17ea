"""The decisions under the shipped rule sets: 4038 vs 261, 11011 vs 261, the risk table, severity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phaodai.cases.enums import CareSetting, EndTest, RiskGroup, Severity, VaccinationStatus
from phaodai.cases.services import case_update
from phaodai.cases.tests.factories import case_writer, make_case
from phaodai.people.enums import ChronicCondition
from phaodai.people.tests.factories import make_person
from phaodai.rules.models import RuleSet

pytestmark = pytest.mark.django_db

BEFORE_261 = dt.date(2022, 1, 20)  # 4038 (home care) and 11011 (end of isolation) in force
UNDER_261 = dt.date(2022, 2, 10)  # 261 for both


def _code(rule_set: Any) -> str | None:
    return rule_set.code if rule_set is not None else None


def _reasons(case, field):
    return [(item["condition"], item["met"], item["reason"]) for item in getattr(case, field)]


def test_home_care_same_person_under_4038_and_261(patient):
    """55 years old, unvaccinated, no comorbidity, RR 18, SpO2 97: 4038 refuses (neither vaccinated
    nor under 50), 261 accepts (no comorbidity is its only extra condition)."""
    findings: dict[str, Any] = {"respiratory_rate": 18, "spo2": 97, "symptoms": ["fever", "dry_cough"]}
    under_4038 = make_case(person=patient, confirmed_on=BEFORE_261, **findings)
    under_261 = make_case(person=patient, confirmed_on=UNDER_261, **findings)

    assert _code(under_4038.home_care_rule_set) == "home_care.4038"
    assert under_4038.home_care_eligible is False
    assert _reasons(under_4038, "home_care_reasons") == [
        ("symptoms", True, "Chỉ có triệu chứng nhẹ: Sốt, Ho khan."),
        ("pneumonia", True, "Không có dấu hiệu viêm phổi."),
        ("respiratory_rate", True, "Nhịp thở 18 lần/phút, đạt (cần ≤ 20)."),
        ("spo2", True, "SpO2 97 %, đạt (cần ≥ 96 %)."),
        ("breathing", True, "Không thở bất thường."),
        (
            "protection",
            False,
            "Chưa tiêm đủ vắc-xin và không thuộc nhóm ít nguy cơ: 55 tuổi (cần trên 1 và dưới 50).",
        ),
        ("self_care", True, "Tự chăm sóc được hoặc có người chăm sóc."),
        ("contact", True, "Liên lạc được với nhân viên y tế."),
    ]
    assert _code(under_261.home_care_rule_set) == "home_care.261"
    assert under_261.home_care_eligible is True
    assert ("comorbidity", True, "Không có bệnh nền.") in _reasons(under_261, "home_care_reasons")


def test_home_care_limits_differ_at_rr_20_and_spo2_96(patient):
    """RR 20 and SpO2 96 pass 4038's ≤ 20 and ≥ 96 but fail 261's < 20 and > 96."""
    findings: dict[str, Any] = {
        "respiratory_rate": 20,
        "spo2": 96,
        "vaccination_status": VaccinationStatus.FULL,
    }
    under_4038 = make_case(person=patient, confirmed_on=BEFORE_261, **findings)
    under_261 = make_case(person=patient, confirmed_on=UNDER_261, **findings)

    assert under_4038.home_care_eligible is True
    assert under_261.home_care_eligible is False
    reasons = _reasons(under_261, "home_care_reasons")
    assert ("respiratory_rate", False, "Nhịp thở 20 lần/phút, không đạt (cần < 20).") in reasons
    assert ("spo2", False, "SpO2 96 %, không đạt (cần > 96 %).") in reasons


def test_home_care_4038_one_dose_counts_after_14_days(patient):
    one_dose: dict[str, Any] = {
        "vaccination_status": VaccinationStatus.PARTIAL,
        "respiratory_rate": 16,
        "spo2": 98,
    }
    early = make_case(
        person=patient, confirmed_on=BEFORE_261, last_dose_on=BEFORE_261 - dt.timedelta(days=13), **one_dose
    )
    late = make_case(
        person=patient, confirmed_on=BEFORE_261, last_dose_on=BEFORE_261 - dt.timedelta(days=14), **one_dose
    )

    assert early.home_care_eligible is False
    assert late.home_care_eligible is True
    assert ("protection", True, "Đã tiêm 1 liều từ 14 ngày trở lên trước ngày khẳng định.") in _reasons(
        late, "home_care_reasons"
    )


def test_end_of_isolation_under_11011_and_261(patient):
    """11011: 10 days and a negative RAT. 261: 7 days and a negative RAT, else 10 days
    (fully vaccinated) or 14 days (not)."""
    under_11011 = make_case(person=patient, confirmed_on=dt.date(2022, 1, 10))
    full_261 = make_case(person=patient, confirmed_on=UNDER_261, vaccination_status=VaccinationStatus.FULL)
    none_261 = make_case(person=patient, confirmed_on=UNDER_261)

    assert _code(under_11011.end_rule_set) == "isolation_end.11011"
    assert (under_11011.isolation_from, under_11011.release_test_on, under_11011.release_test) == (
        dt.date(2022, 1, 10),
        dt.date(2022, 1, 20),
        EndTest.RAPID_ANTIGEN,
    )
    assert under_11011.isolation_until is None
    assert _code(full_261.end_rule_set) == "isolation_end.261"
    assert (full_261.release_test_on, full_261.release_test, full_261.isolation_until) == (
        dt.date(2022, 2, 17),
        EndTest.RAPID_ANTIGEN,
        dt.date(2022, 2, 20),
    )
    assert (none_261.release_test_on, none_261.isolation_until) == (
        dt.date(2022, 2, 17),
        dt.date(2022, 2, 24),
    )
    assert _reasons(none_261, "end_reasons")[:3] == [
        (
            "day_zero",
            True,
            "Không có kết quả xét nghiệm dương tính đi kèm: tính ngày từ ngày khẳng định 10/02/2022.",
        ),
        (
            "release",
            True,
            "Có thể kết thúc từ ngày 17/02/2022 (sau 7 ngày) và 1 lần Test nhanh kháng nguyên âm tính.",
        ),
        (
            "if_positive",
            True,
            "Nếu còn dương tính: cách ly đến ngày 24/02/2022 (14 ngày, chưa tiêm đủ liều).",
        ),
    ]


def _positive(patient, sampled_on, result_on, kind="rt_pcr", result="positive"):
    from phaodai.labtests.tests.factories import make_sample

    sample = make_sample(
        actor=case_writer(),
        person=patient,
        kind=kind,
        sampled_on=sampled_on,
        result=result,
        result_on=result_on,
    )
    return sample.result


def test_isolation_counts_from_the_sample_day_of_the_first_positive_test(patient):
    """RULES.md §3.6 counts from the positive test (3416: "day 10 from the positive test"): a case
    confirmed on 10/02/2022 whose RT-PCR was sampled on 07/02 is released from 07/02 + 7 under 261."""
    negative = _positive(
        patient, dt.date(2022, 2, 5), dt.date(2022, 2, 5), kind="rapid_antigen", result="negative"
    )
    first = _positive(patient, dt.date(2022, 2, 7), dt.date(2022, 2, 9))
    second = _positive(patient, dt.date(2022, 2, 8), dt.date(2022, 2, 10))

    case = make_case(person=patient, confirmed_on=UNDER_261, tests=[second, negative, first])

    assert (
        _code(case.end_rule_set) == "isolation_end.261"
    )  # the rule is still the one of the confirmation day
    assert (case.isolation_from, case.release_test_on, case.isolation_until) == (
        dt.date(2022, 2, 7),
        dt.date(2022, 2, 14),
        dt.date(2022, 2, 21),
    )
    assert _reasons(case, "end_reasons")[:2] == [
        ("day_zero", True, "Tính ngày từ ngày lấy mẫu xét nghiệm dương tính 07/02/2022."),
        (
            "release",
            True,
            "Có thể kết thúc từ ngày 14/02/2022 (sau 7 ngày) và 1 lần Test nhanh kháng nguyên âm tính.",
        ),
    ]

    case = case_update(actor=case_writer(), case=case, expected_version=case.version, spo2=97)  # recomputed

    assert (case.isolation_from, case.release_test_on) == (dt.date(2022, 2, 7), dt.date(2022, 2, 14))


def test_isolation_under_11011_from_the_positive_sample_of_a_confirmed_proposal(patient, health_officer):
    from phaodai.cases.services import case_confirm_from_proposal
    from phaodai.labtests.models import CaseProposal

    _positive(patient, dt.date(2022, 1, 8), dt.date(2022, 1, 9))
    proposal = CaseProposal.objects.unscoped().get()

    case = case_confirm_from_proposal(
        actor=health_officer, proposal=proposal, expected_version=proposal.version, how_found="community"
    )

    assert (case.confirmed_on, case.isolation_from, case.release_test_on) == (
        dt.date(2022, 1, 9),
        dt.date(2022, 1, 8),
        dt.date(2022, 1, 18),  # 11011: 10 days and a negative rapid test
    )
    assert _code(case.end_rule_set) == "isolation_end.11011"
    assert _reasons(case, "end_reasons")[0] == (
        "day_zero",
        True,
        "Tính ngày từ ngày lấy mẫu xét nghiệm dương tính 08/01/2022.",
    )


def test_end_of_isolation_in_a_facility_under_261(patient, facilities):
    case = make_case(
        person=patient,
        confirmed_on=UNDER_261,
        care_setting=CareSetting.DISTRICT,
        facility=facilities["bac_ha"],
        bed_kind="ordinary",
    )
    assert (case.release_test_on, case.release_test, case.isolation_until) == (dt.date(2022, 2, 15), "", None)
    assert ("then_home", True, "Sau đó tự theo dõi sức khỏe tại nhà 7 ngày.") in _reasons(case, "end_reasons")


@pytest.mark.parametrize(
    ("_case", "birth", "vaccination", "conditions", "pregnant", "group", "setting"),
    [
        (
            "low: 30, vaccinated",
            dt.date(1992, 1, 1),
            VaccinationStatus.FULL,
            [],
            False,
            RiskGroup.LOW,
            CareSetting.HOME,
        ),
        (
            "medium: 30, unvaccinated",
            dt.date(1992, 1, 1),
            VaccinationStatus.UNVACCINATED,
            [],
            False,
            RiskGroup.MEDIUM,
            CareSetting.DISTRICT,
        ),
        (
            "medium: 55, vaccinated",
            dt.date(1966, 1, 1),
            VaccinationStatus.FULL,
            [],
            False,
            RiskGroup.MEDIUM,
            CareSetting.DISTRICT,
        ),
        (
            "high: 55, unvaccinated",
            dt.date(1966, 1, 1),
            VaccinationStatus.UNVACCINATED,
            [],
            False,
            RiskGroup.HIGH,
            CareSetting.PROVINCIAL,
        ),
        (
            "high: pregnant",
            dt.date(1992, 1, 1),
            VaccinationStatus.FULL,
            [],
            True,
            RiskGroup.HIGH,
            CareSetting.PROVINCIAL,
        ),
        (
            "high: infant",
            dt.date(2021, 12, 1),
            VaccinationStatus.UNVACCINATED,
            [],
            False,
            RiskGroup.HIGH,
            CareSetting.PROVINCIAL,
        ),
        (
            "very high: 70 with diabetes",
            dt.date(1951, 6, 1),
            VaccinationStatus.FULL,
            [ChronicCondition.DIABETES],
            False,
            RiskGroup.VERY_HIGH,
            CareSetting.PROVINCIAL,
        ),
        (
            "high by default: 40, diabetes, unvaccinated",
            dt.date(1981, 6, 1),
            VaccinationStatus.UNVACCINATED,
            [ChronicCondition.DIABETES],
            False,
            RiskGroup.HIGH,
            CareSetting.PROVINCIAL,
        ),
    ],
)
def test_risk_group_routing(units, _case, birth, vaccination, conditions, pregnant, group, setting):
    person = make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        birth_date=birth,
        sex="F",
        chronic_conditions=conditions,
        is_pregnant=pregnant,
    )
    case = make_case(person=person, confirmed_on=UNDER_261, vaccination_status=vaccination)
    assert (case.risk_group, case.risk_setting) == (group, setting)
    assert _code(case.risk_rule_set) == "risk_routing.2021-12"


def test_risk_reason_names_the_row(patient):
    case = make_case(person=patient, confirmed_on=UNDER_261)
    assert case.risk_reasons[0] == {
        "condition": "row",
        "met": True,
        "reason": "Thuộc dòng “50–64 tuổi chưa tiêm đủ liều, không bệnh nền”: 55 tuổi, chưa tiêm đủ liều, "
        "không bệnh nền → Nguy cơ cao, điều trị: Bệnh viện có ô-xy y tế và điều trị chống viêm.",
    }


def test_severity_suggested_by_the_rule_in_force(patient):
    """RR 22 is moderate under 250 (20–25) but not under 2671 (moderate from 22: RR < 22 is normal)."""
    case = make_case(person=patient, confirmed_on=UNDER_261, respiratory_rate=22, spo2=97, symptoms=["fever"])
    first = case.severity_changes.get()
    assert (case.severity, first.suggested, _code(first.rule_set)) == (
        Severity.MODERATE,
        Severity.MODERATE,
        "severity.250",
    )
    later = make_case(
        person=patient, confirmed_on=dt.date(2023, 7, 1), respiratory_rate=21, spo2=97, symptoms=["fever"]
    )
    assert (later.severity, _code(later.severity_changes.get().rule_set)) == (Severity.MILD, "severity.2671")


def test_unverified_rule_sets_are_shipped_as_unverified():
    unverified = set(
        RuleSet.objects.filter(
            verified=False, kind__in=["home_care", "severity_classes", "risk_routing", "isolation_end"]
        ).values_list("code", flat=True)
    )
    assert unverified == {"home_care.604", "severity.250", "risk_routing.2021-12"}


def test_no_rule_in_force_is_said_not_guessed(patient):
    case = make_case(person=patient, confirmed_on=dt.date(2021, 7, 1))
    assert case.home_care_eligible is None
    assert case.home_care_rule_set is None
    assert case.home_care_reasons[0]["met"] is False
