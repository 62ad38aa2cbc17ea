"""The establishments services: the registry, workers from the people registry, inspections
against the checklist (data), follow-ups, whether each may operate, schools' readiness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.establishments.enums import Answer, EstablishmentKind, InspectionResult, MemberRole, Readiness
from phaodai.establishments.models import ChecklistItem, Inspection, InspectionAnswer, Member
from phaodai.establishments.services import (
    checklist_for,
    establishment_create,
    establishment_operation_set,
    inspection_follow_up_done,
    inspection_record,
    member_add,
)
from phaodai.people.tests.factories import make_person
from phaodai.violations.enums import OffenderKind
from phaodai.violations.services import violation_create


def _factory(units, actor, **overrides):
    fields = {
        "unit": units["Thôn Bản Phố 1"],
        "kind": EstablishmentKind.FACTORY,
        "name": "Công ty May Bắc Hà",
        "industrial_park": "Cụm công nghiệp Bắc Hà",
        "headcount": 320,
    }
    fields.update(overrides)
    return establishment_create(actor=actor, **fields)[0]


def _all(kind: str, answer: str = Answer.MET) -> dict[str, tuple[str, str]]:
    return {item.code: (answer, "") for item in checklist_for(kind)}


@pytest.mark.django_db
def test_the_checklist_is_data_with_its_source_and_depends_on_the_kind(db):
    factory = [item.code for item in checklist_for(EstablishmentKind.FACTORY)]
    school = [item.code for item in checklist_for(EstablishmentKind.SCHOOL)]
    karaoke = [item.code for item in checklist_for(EstablishmentKind.KARAOKE)]

    assert (
        "transport" in factory,
        "transport" in school,
        "school_health" in school,
        "guest_register" in karaoke,
    ) == (
        True,
        False,
        True,
        True,
    )
    assert all(item.source for item in ChecklistItem.objects.all())
    ChecklistItem.objects.filter(code="transport").update(active=False)
    assert "transport" not in [item.code for item in checklist_for(EstablishmentKind.FACTORY)]


@pytest.mark.django_db
def test_an_inspection_cannot_pass_with_a_criterion_not_met_and_nothing_is_saved(units, commune_leader):
    factory = _factory(units, commune_leader)
    answers = _all(EstablishmentKind.FACTORY)
    answers["hand_wash"] = (Answer.NOT_MET, "Thiếu nước rửa tay ở cổng")
    events_before = AuditEvent.objects.unscoped().count()

    with pytest.raises(ValidationError) as refused:
        inspection_record(
            actor=commune_leader,
            establishment=factory,
            inspected_on=dt.date(2021, 9, 1),
            inspectors="Đoàn liên ngành xã",
            answers=answers,
            result=InspectionResult.PASSED,
        )

    assert refused.value.message_dict == {
        "result": ["Còn 1 tiêu chí không đạt: không thể kết luận «Đạt: an toàn»."]
    }
    assert (Inspection.objects.unscoped().count(), InspectionAnswer.objects.count()) == (0, 0)
    assert AuditEvent.objects.unscoped().count() == events_before


@pytest.mark.django_db
def test_a_conditional_result_needs_its_follow_up_which_is_then_done(units, commune_leader):
    factory = _factory(units, commune_leader)
    answers = _all(EstablishmentKind.FACTORY)
    answers["canteen"] = (Answer.NOT_MET, "Chưa có vách ngăn")

    with pytest.raises(ValidationError) as refused:
        inspection_record(
            actor=commune_leader,
            establishment=factory,
            inspected_on=dt.date(2021, 9, 1),
            inspectors="Đoàn xã",
            answers=answers,
            result=InspectionResult.CONDITIONAL,
        )
    assert refused.value.message_dict == {"follow_up": ["Hãy ghi việc cơ sở phải khắc phục."]}

    inspection = inspection_record(
        actor=commune_leader,
        establishment=factory,
        inspected_on=dt.date(2021, 9, 1),
        inspectors="Đoàn xã",
        answers=answers,
        result=InspectionResult.CONDITIONAL,
        follow_up="Lắp vách ngăn nhà ăn",
        follow_up_due=dt.date(2021, 9, 8),
    )
    assert InspectionAnswer.objects.filter(inspection=inspection, answer=Answer.NOT_MET).count() == 1
    assert InspectionAnswer.objects.filter(inspection=inspection).count() == len(checklist_for("factory"))

    inspection_follow_up_done(
        actor=commune_leader, inspection=inspection, done_on=dt.date(2021, 9, 6), expected_version=1
    )
    inspection.refresh_from_db()
    assert (inspection.follow_up_done_on, inspection.version) == (dt.date(2021, 9, 6), 2)


@pytest.mark.django_db
def test_every_criterion_must_be_answered(units, commune_leader):
    factory = _factory(units, commune_leader)
    answers = _all(EstablishmentKind.FACTORY)
    del answers["masks"], answers["testing"]

    with pytest.raises(ValidationError) as refused:
        inspection_record(
            actor=commune_leader,
            establishment=factory,
            inspected_on=dt.date(2021, 9, 1),
            inspectors="Đoàn xã",
            answers=answers,
            result=InspectionResult.FAILED,
            follow_up="x",
        )
    assert list(refused.value.message_dict) == ["answers"]
    assert refused.value.message_dict["answers"][0].startswith("Còn 2 tiêu chí chưa đánh giá:")


@pytest.mark.django_db
def test_a_schools_readiness_follows_its_latest_inspection(units, commune_leader):
    school = _factory(
        units,
        commune_leader,
        kind=EstablishmentKind.SCHOOL,
        name="Trường PTDTBT THCS Bản Phố",
        industrial_park="",
        school_level="lower_secondary",
    )
    assert school.readiness == Readiness.NOT_ASSESSED
    failing = _all(EstablishmentKind.SCHOOL)
    failing["school_health"] = (Answer.NOT_MET, "")

    inspection_record(
        actor=commune_leader,
        establishment=school,
        inspected_on=dt.date(2021, 8, 20),
        inspectors="Phòng GD&ĐT",
        answers=failing,
        result=InspectionResult.FAILED,
        follow_up="Bố trí phòng y tế",
    )
    school.refresh_from_db()
    assert (school.readiness, school.readiness_on) == (Readiness.NOT_READY, dt.date(2021, 8, 20))

    inspection_record(
        actor=commune_leader,
        establishment=school,
        inspected_on=dt.date(2021, 8, 30),
        inspectors="Phòng GD&ĐT",
        answers=_all(EstablishmentKind.SCHOOL),
        result=InspectionResult.PASSED,
    )
    school.refresh_from_db()
    assert (school.readiness, school.readiness_on) == (Readiness.READY, dt.date(2021, 8, 30))


@pytest.mark.django_db
def test_whether_it_may_operate_is_an_inspectors_decision_with_a_reason(
    units, commune_leader, community_member
):
    from django.core.exceptions import PermissionDenied

    karaoke = _factory(
        units, commune_leader, kind=EstablishmentKind.KARAOKE, name="Karaoke Ánh Dương", industrial_park=""
    )

    with pytest.raises(ValidationError) as refused:
        establishment_operation_set(
            actor=commune_leader, establishment=karaoke, may_operate=False, note=" ", expected_version=1
        )
    assert refused.value.message_dict == {"operate_note": ["Hãy ghi lý do cho phép hoạt động hoặc tạm dừng."]}
    with pytest.raises(PermissionDenied):
        establishment_operation_set(
            actor=community_member, establishment=karaoke, may_operate=False, note="x"
        )

    establishment_operation_set(
        actor=commune_leader,
        establishment=karaoke,
        may_operate=False,
        note="Tạm dừng theo Chỉ thị 16 của UBND tỉnh",
        expected_version=1,
    )
    karaoke.refresh_from_db()
    assert (karaoke.may_operate, karaoke.operate_note, karaoke.version) == (
        False,
        "Tạm dừng theo Chỉ thị 16 của UBND tỉnh",
        2,
    )


@pytest.mark.django_db
def test_workers_are_linked_to_the_registry_once_and_pupils_only_in_schools(units, commune_leader):
    factory = _factory(units, commune_leader)
    worker = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Sùng Thị Dua", birth_year=1998)

    member = member_add(
        actor=commune_leader, establishment=factory, person=worker, role=MemberRole.WORKER, group="Tổ may 3"
    )
    assert (member.full_name, member.person, member.area_path) == ("Sùng Thị Dua", worker, factory.area_path)

    with pytest.raises(ValidationError) as twice:
        member_add(actor=commune_leader, establishment=factory, person=worker)
    assert twice.value.message_dict == {"person": ["Sùng Thị Dua đã có trong danh sách của cơ sở."]}
    with pytest.raises(ValidationError) as pupil:
        member_add(actor=commune_leader, establishment=factory, full_name="Lò Văn Tú", role=MemberRole.PUPIL)
    assert pupil.value.message_dict == {"role": ["Chỉ trường học mới có học sinh."]}
    assert Member.objects.unscoped().count() == 1


@pytest.mark.django_db
def test_a_violation_names_an_establishment_of_the_registry(units, commune_leader):
    karaoke = _factory(
        units, commune_leader, kind=EstablishmentKind.KARAOKE, name="Karaoke Ánh Dương", industrial_park=""
    )
    elsewhere = _factory(
        units,
        make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Lùng Phình"]),
        unit=units["Thôn Lùng Phình"],
        name="Karaoke Lùng Phình",
    )
    facts = {
        "unit": units["Thôn Bản Phố 1"],
        "offender_kind": OffenderKind.ESTABLISHMENT,
        "rule_text": "Kinh doanh karaoke trong thời gian tạm dừng",
        "legal_basis": "Khoản 2 Điều 12 Nghị định 117/2020/NĐ-CP",
        "place": "Karaoke Ánh Dương",
        "occurred_at": dt.datetime(2021, 9, 2, 21, 0, tzinfo=dt.UTC),
    }

    violation, _ = violation_create(actor=commune_leader, establishment=karaoke, offender_name="", **facts)
    assert (violation.establishment, violation.offender_name) == (karaoke, "Karaoke Ánh Dương")
    assert list(karaoke.violations.all()) == [violation]
    with pytest.raises(ValidationError) as refused:
        violation_create(actor=commune_leader, establishment=elsewhere, **facts)
    assert list(refused.value.message_dict) == ["establishment"]
