"""A positive result proposes a case under the definition in force for its unit and sample date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phaodai.audit.models import AuditEvent
from phaodai.labtests import services
from phaodai.labtests.enums import ProposalStatus, ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import CaseProposal
from phaodai.labtests.selectors import proposals_for_user, results_of_person
from phaodai.labtests.tests.factories import make_sample
from phaodai.people.tests.factories import make_person
from phaodai.rules.models import RuleSet
from phaodai.rules.services import rule_set_create


@pytest.fixture
def person(units):
    return make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Vàng Thị Dợ", birth_year=1990)


def _positive(actor, person, day, kind=TestKind.RAPID_ANTIGEN, **facts):
    sample = make_sample(
        actor=actor, person=person, kind=kind, sampled_on=day, result=ResultValue.POSITIVE, **facts
    )
    return sample.result


@pytest.mark.parametrize(
    ("_case", "day", "code", "meets"),
    [
        (
            "under_11042_one_rat_with_epi_factors_is_not_enough",
            dt.date(2022, 4, 14),
            "case_definition.11042",
            False,
        ),
        ("under_1909_the_same_test_meets", dt.date(2022, 4, 15), "case_definition.1909", True),
    ],
)
def test_definition_in_force_on_the_sample_date(health_staff, person, _case, day, code, meets):
    result = _positive(health_staff, person, day, epi_factors=True)

    proposal = CaseProposal.objects.unscoped().get(results=result)
    assert proposal.rule_set is not None
    assert (proposal.rule_set.code, proposal.meets_definition, proposal.status) == (
        code,
        meets,
        ProposalStatus.OPEN,
    )
    assert proposal.unit == person.residence_unit
    if meets:
        assert proposal.criterion == "(c) Có yếu tố dịch tễ và xét nghiệm nhanh kháng nguyên dương tính"
        assert proposal.missing == ""
    else:
        assert proposal.missing == (
            "Chưa đủ tiêu chuẩn ca bệnh theo 11042/BYT-DP. Còn cần: RT-PCR dương tính (điểm a) hoặc "
            "Test nhanh kháng nguyên dương tính lần 2 trong vòng 8 giờ sau lần đầu (điểm d)."
        )


def test_before_any_definition_the_proposal_says_none_was_in_force(health_staff, person):
    result = _positive(health_staff, person, dt.date(2021, 12, 28), kind=TestKind.RT_PCR)

    proposal = CaseProposal.objects.unscoped().get(results=result)
    assert (proposal.rule_set, proposal.meets_definition) == (None, False)
    assert proposal.missing.startswith("Không có quy định loại «case_definition» nào có hiệu lực tại")


def test_a_second_test_completes_the_open_proposal(health_staff, person):
    first = _positive(health_staff, person, dt.date(2022, 2, 1))  # no symptoms, no F1: RT-PCR missing
    proposal = CaseProposal.objects.unscoped().get(results=first)
    assert proposal.meets_definition is False

    second = _positive(health_staff, person, dt.date(2022, 2, 2), kind=TestKind.RT_PCR)

    proposal.refresh_from_db()
    assert CaseProposal.objects.unscoped().count() == 1
    assert set(proposal.results.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert (proposal.meets_definition, proposal.criterion, proposal.missing) == (
        True,
        "(a) Xét nghiệm RT-PCR dương tính",
        "",
    )
    assert proposal.first_positive_on == dt.date(2022, 2, 1)


def test_a_province_override_from_a_date_is_used_for_its_units(health_staff, person, units, system_admin):
    rule_set_create(
        actor=system_admin,
        code="case_definition.lao_cai",
        kind="case_definition",
        title="Lào Cai: test nhanh dương tính là ca bệnh",
        scope_unit=units["Tỉnh Lào Cai"],
        valid_from=dt.date(2022, 3, 1),
        valid_to=None,
        source_number="99/SYT",
        source_body="Sở Y tế Lào Cai",
        verified=False,
        parameters={
            "criteria": [{"code": "a", "text": "Test nhanh dương tính", "test_kinds": ["rapid_antigen"]}]
        },
    )

    before = _positive(health_staff, person, dt.date(2022, 2, 20))
    other = make_person(residence_unit=units["Thôn Bản Phố 2"], birth_year=1970)
    after = _positive(health_staff, other, dt.date(2022, 3, 2))

    earlier = CaseProposal.objects.unscoped().select_related("rule_set").get(results=before)
    later = CaseProposal.objects.unscoped().select_related("rule_set").get(results=after)
    assert earlier.rule_set is not None
    assert later.rule_set is not None
    assert earlier.rule_set.code == "case_definition.11042"
    assert (later.rule_set.code, later.meets_definition) == ("case_definition.lao_cai", True)


def test_negative_results_propose_nothing(health_staff, person):
    make_sample(
        actor=health_staff,
        person=person,
        kind=TestKind.RAPID_ANTIGEN,
        sampled_on=dt.date(2022, 2, 1),
        result=ResultValue.NEGATIVE,
    )

    assert CaseProposal.objects.unscoped().count() == 0


def test_proposal_decide_confirms_with_the_case_and_dismisses_with_a_reason(health_staff, person):
    result = _positive(health_staff, person, dt.date(2022, 5, 1), kind=TestKind.RT_PCR)
    proposal = CaseProposal.objects.unscoped().get(results=result)

    with pytest.raises(ValidationError) as refused:
        services.proposal_decide(
            actor=health_staff,
            proposal=proposal,
            expected_version=proposal.version,
            confirmed=False,
            case_id=None,
        )
    assert refused.value.message_dict == {"reason": ["Hãy ghi lý do không xác nhận ca bệnh."]}

    decided = services.proposal_decide(
        actor=health_staff, proposal=proposal, expected_version=proposal.version, confirmed=True, case_id=41
    )

    assert (decided.status, decided.case_id, decided.decided_by) == (
        ProposalStatus.CONFIRMED,
        41,
        health_staff,
    )
    assert list(proposals_for_user(health_staff)) == []
    assert AuditEvent.objects.filter(event="labtests.proposal_decided", target_id=proposal.pk).count() == 1
    with pytest.raises(ValidationError) as again:
        services.proposal_decide(
            actor=health_staff, proposal=decided, expected_version=decided.version, confirmed=True, case_id=42
        )
    assert again.value.error_list[0].code == LabtestsErrorCode.PROPOSAL_DECIDED
    # a result behind a confirmed case cannot be changed away
    with pytest.raises(ValidationError) as locked:
        services.result_update(actor=health_staff, record=result, result=ResultValue.NEGATIVE)
    assert locked.value.error_list[0].code == LabtestsErrorCode.RESULT_IN_CASE


def test_deleting_the_only_positive_withdraws_the_open_proposal(health_staff, person):
    result = _positive(health_staff, person, dt.date(2022, 5, 1))

    services.result_delete(
        actor=health_staff, result=result, expected_version=result.version, reason="nhập nhầm người"
    )

    assert CaseProposal.objects.unscoped().count() == 0
    assert list(results_of_person(health_staff, person)) == []
    assert AuditEvent.objects.filter(event="labtests.proposal_withdrawn").count() == 1


def test_rule_sets_shipped(db):
    shipped = {
        r.code: (r.source_number, r.valid_from, r.valid_to, r.verified)
        for r in RuleSet.objects.filter(kind="case_definition")
    }
    assert shipped == {
        "case_definition.11042": ("11042/BYT-DP", dt.date(2021, 12, 29), dt.date(2022, 4, 14), True),
        "case_definition.1909": ("1909/BYT-DP", dt.date(2022, 4, 15), None, True),
    }
