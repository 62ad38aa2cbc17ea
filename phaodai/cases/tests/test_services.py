"""Case services: bad input refused in Vietnamese with nothing saved; confirming a proposal;
severity and outcome steps; concurrency; merges; isolation and due lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.audit.models import AuditEvent
from phaodai.cases.enums import CaseStatus, HowFound, Severity, VaccinationStatus
from phaodai.cases.models import CareEpisode, Case, SeverityChange
from phaodai.cases.selectors import active_cases_for_user, case_isolating_on, cases_due
from phaodai.cases.services import (
    case_close,
    case_confirm_from_proposal,
    case_create,
    case_severity_change,
    case_update,
)
from phaodai.cases.tests.factories import make_case
from phaodai.core.services import StaleRecordError
from phaodai.counts.models import DailyCount
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.labtests.enums import ProposalStatus, ResultValue, TestKind
from phaodai.labtests.models import CaseProposal
from phaodai.labtests.tests.factories import make_sample
from phaodai.people.services import person_merge
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _nothing_saved() -> tuple[int, int, int, int, int]:
    return (
        Case.objects.unscoped().count(),
        SeverityChange.objects.count(),
        CareEpisode.objects.count(),
        AuditEvent.objects.count(),
        DailyCount.objects.count(),
    )


@pytest.mark.parametrize(
    ("_case", "fields", "errors"),
    [
        (
            "before birth",
            {"confirmed_on": dt.date(1966, 5, 1)},
            {
                "confirmed_on": [
                    "Ngày khẳng định phải từ 01/01/2020 trở đi.",
                    "Ngày khẳng định 01/05/1966 trước ngày sinh của người bệnh (02/05/1966).",
                ]
            },
        ),
        (
            "in the future",
            {"confirmed_on": dt.date(2099, 1, 1)},
            {"confirmed_on": ["Ngày khẳng định không thể ở tương lai."]},
        ),
        ("SpO2 150", {"spo2": 150}, {"spo2": ["SpO2 150 nằm ngoài khoảng có thể (50–100)."]}),
        (
            "RR 0",
            {"respiratory_rate": 0},
            {"respiratory_rate": ["Nhịp thở 0 nằm ngoài khoảng có thể (5–80)."]},
        ),
        (
            "unknown symptom",
            {"symptoms": ["hiccups"]},
            {"symptoms": ["Có triệu chứng không có trong danh mục."]},
        ),
        (
            "dose date when unvaccinated",
            {"last_dose_on": dt.date(2021, 10, 1)},
            {"last_dose_on": ["Người chưa tiêm không có ngày tiêm mũi gần nhất."]},
        ),
        (
            "postpartum man",
            {"postpartum": True},
            {"postpartum": ["Người bệnh là nam: không thể đang trong thời kỳ hậu sản."]},
        ),
        (
            "facility for home",
            {"facility": "bac_ha"},
            {"facility": ["Điều trị tại nhà thì không chọn cơ sở."]},
        ),
    ],
)
def test_bad_case_input_is_refused_with_nothing_saved(
    units, health_officer, patient, facilities, _case, fields, errors
):
    if fields.get("facility") == "bac_ha":
        fields = {**fields, "facility": facilities["bac_ha"]}
    before = _nothing_saved()
    values = {"confirmed_on": dt.date(2022, 2, 10), **fields}
    with pytest.raises(ValidationError) as refused:
        case_create(
            actor=health_officer,
            person=patient,
            unit=units["Xã Bản Phố"],
            how_found=HowFound.COMMUNITY,
            **values,
        )
    assert refused.value.message_dict == errors
    assert _nothing_saved() == before


def test_a_case_is_filed_in_a_commune_of_the_officer(units, health_officer, patient):
    with pytest.raises(ValidationError) as refused:
        case_create(
            actor=health_officer,
            person=patient,
            unit=units["Xã Lùng Phình"],
            confirmed_on=dt.date(2022, 2, 10),
            how_found=HowFound.COMMUNITY,
        )
    assert refused.value.message_dict == {"unit": ["Xã Lùng Phình nằm ngoài địa bàn bạn phụ trách."]}
    with pytest.raises(ValidationError) as village:
        case_create(
            actor=health_officer,
            person=patient,
            unit=units["Thôn Bản Phố 1"],
            confirmed_on=dt.date(2022, 2, 10),
            how_found=HowFound.COMMUNITY,
        )
    assert village.value.message_dict == {
        "unit": ["Ca bệnh do xã, phường quản lý: hãy chọn xã, không chọn thôn."]
    }


def test_only_health_staff_write_cases(units, commune_leader, patient):
    with pytest.raises(PermissionDenied):
        case_create(
            actor=commune_leader,
            person=patient,
            unit=units["Xã Bản Phố"],
            confirmed_on=dt.date(2022, 2, 10),
            how_found=HowFound.COMMUNITY,
        )


def test_create_writes_history_audit_and_counts(units, health_officer, patient):
    case, created = case_create(
        actor=health_officer,
        person=patient,
        unit=units["Xã Bản Phố"],
        confirmed_on=dt.date(2022, 2, 10),
        how_found=HowFound.SCREENING,
        respiratory_rate=18,
        spo2=98,
        symptoms=["fever"],
    )
    assert created
    assert (case.severity, case.status, case.area_path) == (
        Severity.MILD,
        CaseStatus.ACTIVE,
        units["Xã Bản Phố"].path,
    )
    assert list(case.severity_changes.values_list("severity", "on", "suggested")) == [
        ("mild", dt.date(2022, 2, 10), "mild")
    ]
    assert list(case.care_episodes.values_list("setting", "started_on", "ended_on")) == [
        ("home", dt.date(2022, 2, 10), None)
    ]
    assert list(AuditEvent.objects.filter(target_type="cases.case").values_list("event", flat=True)) == [
        "cases.case_created"
    ]
    assert DailyCount.objects.get(indicator="cases.new", dim1="screening", dim2="unknown").value == 1


def test_severity_change_must_follow_the_history(units, health_officer, patient):
    case = make_case(person=patient, actor=health_officer, confirmed_on=dt.date(2022, 2, 10))
    with pytest.raises(ValidationError) as early:
        case_severity_change(
            actor=health_officer,
            case=case,
            expected_version=case.version,
            severity=Severity.MODERATE,
            on=dt.date(2022, 2, 9),
        )
    assert early.value.message_dict == {
        "on": ["Ngày 09/02/2022 trước bước gần nhất của ca bệnh (10/02/2022)."]
    }
    change = case_severity_change(
        actor=health_officer,
        case=case,
        expected_version=case.version,
        severity=Severity.MODERATE,
        on=dt.date(2022, 2, 12),
        reason="Khó thở nhẹ",
        respiratory_rate=23,
        spo2=95,
    )
    case.refresh_from_db()
    assert (case.severity, case.spo2, change.suggested) == (Severity.MODERATE, 95, Severity.MODERATE)
    assert case.version == 2


def test_a_stale_edit_is_refused_with_what_changed(units, health_officer, patient):
    case = make_case(person=patient, actor=health_officer)
    case_update(actor=health_officer, case=case, expected_version=1, notes="Gia đình 4 người")
    with pytest.raises(StaleRecordError) as stale:
        case_update(actor=health_officer, case=case, expected_version=1, source_known=True)
    assert stale.value.changed == {"notes": "Gia đình 4 người"}
    case.refresh_from_db()
    assert (case.source_known, case.version) == (False, 2)


def test_close_recovered_and_died(units, health_officer, patient, elder):
    recovered = make_case(person=patient, actor=health_officer, confirmed_on=dt.date(2022, 2, 10))
    case_close(
        actor=health_officer,
        case=recovered,
        expected_version=1,
        status=CaseStatus.RECOVERED,
        on=dt.date(2022, 2, 17),
    )
    recovered.refresh_from_db()
    assert (recovered.status, recovered.outcome_on) == (CaseStatus.RECOVERED, dt.date(2022, 2, 17))
    assert list(recovered.care_episodes.values_list("ended_on", flat=True)) == [dt.date(2022, 2, 17)]
    with pytest.raises(ValidationError) as closed:
        case_severity_change(
            actor=health_officer,
            case=recovered,
            expected_version=None,
            severity=Severity.SEVERE,
            on=dt.date(2022, 2, 18),
        )
    assert closed.value.messages == ["Ca bệnh đã kết thúc (Đã khỏi); không thể thay đổi nữa."]
    died = make_case(person=elder, actor=health_officer, confirmed_on=dt.date(2022, 2, 10))
    with pytest.raises(ValidationError) as burial:
        case_close(
            actor=health_officer,
            case=died,
            expected_version=1,
            status=CaseStatus.RECOVERED,
            on=dt.date(2022, 2, 12),
            burial_note="Hỏa táng",
        )
    assert burial.value.message_dict == {"burial_note": ["Chỉ ghi mai táng cho ca tử vong."]}
    case_close(
        actor=health_officer,
        case=died,
        expected_version=1,
        status=CaseStatus.DIED,
        on=dt.date(2022, 2, 12),
        burial_note="Mai táng theo phong tục, có hướng dẫn của y tế",
    )
    assert_counts_rebuild_equal()


def test_isolating_and_due_lists(units, health_officer, patient, elder):
    full = make_case(
        person=patient,
        actor=health_officer,
        confirmed_on=dt.date(2022, 2, 10),
        vaccination_status=VaccinationStatus.FULL,
    )
    none = make_case(person=elder, actor=health_officer, confirmed_on=dt.date(2022, 2, 13))
    assert case_isolating_on(full, dt.date(2022, 2, 9)) is False
    assert case_isolating_on(full, dt.date(2022, 2, 20)) is True
    assert case_isolating_on(full, dt.date(2022, 2, 21)) is False

    def due(day: dt.date) -> dict[str, list[int]]:
        return {
            name: list(q.values_list("pk", flat=True))
            for name, q in cases_due(health_officer, today=day).items()
        }

    assert due(dt.date(2022, 2, 17)) == {"tests": [full.pk], "may_end": [], "overdue": []}
    assert due(dt.date(2022, 2, 20)) == {"tests": [none.pk], "may_end": [full.pk], "overdue": []}
    assert due(dt.date(2022, 2, 21)) == {"tests": [], "may_end": [], "overdue": [full.pk]}
    case_close(
        actor=health_officer,
        case=full,
        expected_version=None,
        status=CaseStatus.RECOVERED,
        on=dt.date(2022, 2, 18),
    )
    full.refresh_from_db()
    assert case_isolating_on(full, dt.date(2022, 2, 18)) is False
    assert list(active_cases_for_user(health_officer)) == [none]


def test_person_merge_moves_the_case_and_keeps_its_counts(units, health_officer, system_admin, patient):
    twin = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Vàng Seo Lu", birth_year=1966)
    case = make_case(person=twin, actor=health_officer)
    person_merge(actor=system_admin, survivor=patient, duplicate=twin)
    case.refresh_from_db()
    assert case.person_id == patient.pk
    assert AuditEvent.objects.filter(event="cases.case_person_merged", target_id=case.pk).count() == 1
    assert_counts_rebuild_equal()


def _proposal(actor, person, day, kind=TestKind.RT_PCR):
    sample = make_sample(
        actor=actor,
        person=person,
        kind=kind,
        sampled_on=day,
        result=ResultValue.POSITIVE,
        result_on=day + dt.timedelta(days=1),
    )
    return CaseProposal.objects.unscoped().get(results=sample.result), sample.result


def test_confirming_a_proposal_creates_the_case(units, health_officer, patient):
    proposal, result = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    case = case_confirm_from_proposal(
        actor=health_officer,
        proposal=proposal,
        expected_version=proposal.version,
        how_found=HowFound.SCREENING,
        respiratory_rate=18,
        spo2=98,
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.case_id) == (ProposalStatus.CONFIRMED, case.pk)
    assert (case.confirmed_on, case.unit, case.proposal_id) == (
        dt.date(2022, 2, 9),
        units["Xã Bản Phố"],
        proposal.pk,
    )
    assert list(case.tests.all()) == [result]
    assert (
        AuditEvent.objects.filter(target_type="cases.case", target_id=case.pk)
        .values_list("event", flat=True)
        .get()
        == "cases.case_confirmed"
    )
    with pytest.raises(ValidationError) as twice:
        case_confirm_from_proposal(
            actor=health_officer, proposal=proposal, expected_version=None, how_found=HowFound.SCREENING
        )
    assert twice.value.messages == ["Đề xuất này đã được quyết định (Đã xác nhận ca bệnh)."]
    assert Case.objects.unscoped().count() == 1


def test_a_proposal_not_meeting_the_definition_is_not_confirmed(units, health_officer, patient):
    proposal, _result = _proposal(health_officer, patient, dt.date(2022, 4, 14), kind=TestKind.RAPID_ANTIGEN)
    assert proposal.meets_definition is False
    with pytest.raises(ValidationError) as refused:
        case_confirm_from_proposal(
            actor=health_officer, proposal=proposal, expected_version=None, how_found=HowFound.COMMUNITY
        )
    assert refused.value.messages[0].startswith("Chưa đủ tiêu chuẩn ca bệnh: ")
    assert Case.objects.unscoped().count() == 0


def test_confirming_needs_the_capability(units, commune_leader, health_officer, patient):
    proposal, _result = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    with pytest.raises(PermissionDenied):
        case_confirm_from_proposal(
            actor=commune_leader, proposal=proposal, expected_version=None, how_found=HowFound.COMMUNITY
        )
