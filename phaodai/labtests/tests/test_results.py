"""Samples and results: the refusals (nothing saved), corrections, deletions, the fast entry line."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.audit.models import AuditEvent
from phaodai.core.services import StaleRecordError
from phaodai.labtests import services
from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import Sample, TestResult
from phaodai.labtests.tests.factories import make_sample, make_session
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person


@pytest.fixture
def person(units):
    return make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Lù Thị Mai", birth_year=1985)


def test_a_result_dated_before_its_sample_is_refused_in_vietnamese_and_nothing_saved(health_staff, person):
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.sample_record(
            actor=health_staff,
            person=person,
            kind=TestKind.RT_PCR,
            sampled_on=dt.date(2022, 3, 5),
            result=ResultValue.POSITIVE,
            result_on=dt.date(2022, 3, 4),
        )

    assert refused.value.message_dict == {
        "result_on": [
            "Ngày có kết quả 04/03/2022 ở trước ngày lấy mẫu 05/03/2022: kết quả không thể có trước khi lấy mẫu."
        ]
    }
    assert refused.value.error_dict["result_on"][0].code == LabtestsErrorCode.RESULT_BEFORE_SAMPLE
    assert (Sample.objects.unscoped().count(), TestResult.objects.unscoped().count()) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_a_correction_to_before_the_sample_is_refused_too(health_staff, person):
    sample = make_sample(
        actor=health_staff,
        person=person,
        kind=TestKind.RT_PCR,
        sampled_on=dt.date(2022, 3, 5),
        result=ResultValue.NEGATIVE,
        result_on=dt.date(2022, 3, 6),
    )
    result = sample.result

    with pytest.raises(ValidationError) as refused:
        services.result_update(
            actor=health_staff, record=result, expected_version=result.version, sampled_on=dt.date(2022, 3, 7)
        )

    assert refused.value.error_dict["result_on"][0].code == LabtestsErrorCode.RESULT_BEFORE_SAMPLE
    result.refresh_from_db()
    assert (result.sampled_on, result.version) == (dt.date(2022, 3, 5), 1)


@pytest.mark.parametrize(
    ("_case", "fields", "errors"),
    [
        (
            "ct_for_a_rapid_test",
            {"kind": TestKind.RAPID_ANTIGEN, "ct_value": Decimal("25.0")},
            {"ct_value": ["Chỉ xét nghiệm RT-PCR mới có giá trị Ct."]},
        ),
        (
            "ct_out_of_range",
            {"kind": TestKind.RT_PCR, "ct_value": Decimal("60.0")},
            {"ct_value": ["Giá trị Ct phải lớn hơn 0 và không quá 50."]},
        ),
        (
            "sample_in_the_future",
            {"kind": TestKind.RT_PCR, "sampled_on": dt.date(2099, 1, 1)},
            {"sampled_on": ["Ngày lấy mẫu 01/01/2099 ở sau hôm nay."]},
        ),
        (
            "sample_before_birth",
            {"kind": TestKind.RT_PCR, "sampled_on": dt.date(1980, 1, 1)},
            {"sampled_on": ["Ngày lấy mẫu 01/01/1980 ở trước khi Lù Thị Mai sinh ra."]},
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(health_staff, person, _case, fields, errors):
    values = {"sampled_on": dt.date(2022, 3, 5), "result": ResultValue.POSITIVE, **fields}

    with pytest.raises(ValidationError) as refused:
        services.sample_record(actor=health_staff, person=person, **values)

    assert refused.value.message_dict == errors
    assert Sample.objects.unscoped().count() == 0


def test_a_person_outside_the_jurisdiction_is_refused(health_staff, units):
    stranger = make_person(residence_unit=units["Thôn Lùng Phình"], birth_year=1990)

    with pytest.raises(ValidationError) as refused:
        services.sample_record(
            actor=health_staff, person=stranger, kind=TestKind.RAPID_ANTIGEN, sampled_on=dt.date(2022, 3, 5)
        )

    assert refused.value.message_dict == {"person": ["Người này nằm ngoài địa bàn bạn phụ trách."]}


def test_a_leader_may_view_but_not_enter(commune_leader, person):
    with pytest.raises(PermissionDenied):
        services.sample_record(
            actor=commune_leader, person=person, kind=TestKind.RAPID_ANTIGEN, sampled_on=dt.date(2022, 3, 5)
        )


def test_the_same_uuid_stores_the_line_once(health_staff, person, units):
    session = make_session(actor=health_staff, unit=units["Xã Bản Phố"])
    import uuid

    key = uuid.uuid4()
    first, created = services.screening_entry(
        actor=health_staff, session=session, uuid=key, person=person, result=ResultValue.NEGATIVE
    )
    again, created_again = services.screening_entry(
        actor=health_staff, session=session, uuid=key, person=person, result=ResultValue.NEGATIVE
    )

    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert (first.unit, first.kind, first.sampled_on) == (
        units["Xã Bản Phố"],
        TestKind.RAPID_ANTIGEN,
        session.held_on,
    )
    assert TestResult.objects.unscoped().count() == 1


def test_a_new_person_on_a_line_refused_for_its_test_registers_nobody(health_staff, units):
    session = make_session(actor=health_staff, unit=units["Thôn Bản Phố 2"])
    people = Person.objects.unscoped().count()

    with pytest.raises(ValidationError) as refused:
        services.screening_entry(
            actor=health_staff,
            session=session,
            new_person=services.NewPerson(
                full_name="Giàng A Sử", sex="M", birth_year=1999, residence_unit=units["Thôn Bản Phố 2"]
            ),
            kind=TestKind.RAPID_ANTIGEN,
            result=ResultValue.POSITIVE,
            ct_value=Decimal("20"),
        )

    assert refused.value.message_dict == {"ct_value": ["Chỉ xét nghiệm RT-PCR mới có giá trị Ct."]}
    assert Person.objects.unscoped().count() == people


def test_a_new_person_is_registered_with_the_line(health_staff, units):
    session = make_session(actor=health_staff, unit=units["Thôn Bản Phố 2"])

    sample, _created = services.screening_entry(
        actor=health_staff,
        session=session,
        new_person=services.NewPerson(
            full_name="Giàng A Sử", sex="M", birth_year=1999, residence_unit=units["Thôn Bản Phố 2"]
        ),
        result=ResultValue.NEGATIVE,
    )

    assert (sample.person.full_name, sample.person.residence_unit, sample.result.result) == (
        "Giàng A Sử",
        units["Thôn Bản Phố 2"],
        ResultValue.NEGATIVE,
    )


def test_a_stale_correction_is_refused_with_what_changed(health_staff, person):
    sample = make_sample(
        actor=health_staff,
        person=person,
        kind=TestKind.RT_PCR,
        sampled_on=dt.date(2022, 3, 5),
        result=ResultValue.NEGATIVE,
    )
    result = sample.result
    services.result_update(actor=health_staff, record=result, expected_version=1, lab="CDC Lào Cai")

    with pytest.raises(StaleRecordError) as stale:
        services.result_update(
            actor=health_staff, record=result, expected_version=1, result=ResultValue.POSITIVE
        )

    assert stale.value.changed == {"lab": "CDC Lào Cai"}
    result.refresh_from_db()
    assert result.result == ResultValue.NEGATIVE
