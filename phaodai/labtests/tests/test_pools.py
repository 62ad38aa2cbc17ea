"""Pooled samples: a pool of 10 with one positive member, a negative pool, the pool's limit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from phaodai.labtests import services
from phaodai.labtests.enums import FollowUpStatus, ResultSource, ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import CaseProposal, FollowUp, Sample, TestResult
from phaodai.labtests.selectors import follow_up_search
from phaodai.labtests.tests.factories import make_pool, make_sample, make_session
from phaodai.people.tests.factories import make_person

DAY = dt.date(2022, 1, 10)


@pytest.fixture
def session(health_staff, units):
    return make_session(
        actor=health_staff, unit=units["Thôn Bản Phố 1"], held_on=DAY, place="Cả Thôn Bản Phố 1"
    )


@pytest.fixture
def ten(units):
    return [
        make_person(residence_unit=units["Thôn Bản Phố 1"], full_name=f"Sùng Văn {n}", birth_year=1970 + n)
        for n in range(10)
    ]


def test_positive_pool_of_ten_then_single_tests_with_one_positive(health_staff, session, ten):
    pool = make_pool(actor=health_staff, session=session, members=ten)
    assert Sample.objects.unscoped().filter(pool=pool).count() == 10

    services.pool_result_record(
        actor=health_staff,
        pool=pool,
        result=ResultValue.POSITIVE,
        result_on=dt.date(2022, 1, 11),
        lab="CDC Lào Cai",
    )

    waiting = follow_up_search(user=health_staff)
    assert sorted(f.person_id for f in waiting) == sorted(p.pk for p in ten)
    assert TestResult.objects.unscoped().count() == 0  # a positive pool gives nobody a result
    assert CaseProposal.objects.unscoped().count() == 0

    # the single tests: nine negative, one positive
    for person in ten:
        make_sample(
            actor=health_staff,
            person=person,
            kind=TestKind.RT_PCR,
            sampled_on=dt.date(2022, 1, 11),
            result=ResultValue.POSITIVE if person == ten[3] else ResultValue.NEGATIVE,
            result_on=dt.date(2022, 1, 12),
        )

    assert list(follow_up_search(user=health_staff)) == []
    assert FollowUp.objects.unscoped().filter(status=FollowUpStatus.DONE).count() == 10
    proposals = list(CaseProposal.objects.unscoped().all())
    assert len(proposals) == 1
    assert (proposals[0].person, proposals[0].meets_definition) == (ten[3], True)
    assert proposals[0].rule_set is not None
    assert proposals[0].rule_set.code == "case_definition.11042"


def test_negative_pool_gives_each_member_a_negative_result(health_staff, session, ten):
    pool = make_pool(actor=health_staff, session=session, members=ten)

    services.pool_result_record(actor=health_staff, pool=pool, result=ResultValue.NEGATIVE, lab="TTYT Bắc Hà")

    results = TestResult.objects.unscoped().filter(pool=pool)
    assert results.count() == 10
    assert sorted(r.person_id for r in results) == sorted(p.pk for p in ten)
    assert {(r.result, r.source, r.sampled_on, r.kind, r.lab) for r in results} == {
        (ResultValue.NEGATIVE, ResultSource.POOL, DAY, TestKind.RT_PCR, "TTYT Bắc Hà")
    }
    assert FollowUp.objects.unscoped().count() == 0


@override_settings(PHAODAI_POOL_MAX=3)
def test_a_full_pool_refuses_one_more(health_staff, session, ten):
    pool = make_pool(actor=health_staff, session=session, members=ten[:3])

    with pytest.raises(ValidationError) as refused:
        services.pool_add_member(actor=health_staff, pool=pool, person=ten[3])

    assert refused.value.message_dict == {"person": ["Mẫu gộp đã đủ 3 người; hãy tạo mẫu gộp mới."]}
    assert refused.value.error_dict["person"][0].code == LabtestsErrorCode.POOL_FULL
    assert Sample.objects.unscoped().filter(pool=pool).count() == 3


def test_a_pool_result_dated_before_its_sample_is_refused_and_nothing_saved(health_staff, session, ten):
    pool = make_pool(actor=health_staff, session=session, members=ten[:2])

    with pytest.raises(ValidationError) as refused:
        services.pool_result_record(
            actor=health_staff, pool=pool, result=ResultValue.NEGATIVE, result_on=dt.date(2022, 1, 9)
        )

    assert refused.value.message_dict == {
        "result_on": [
            "Ngày có kết quả 09/01/2022 ở trước ngày lấy mẫu 10/01/2022: kết quả không thể có trước khi lấy mẫu."
        ]
    }
    pool.refresh_from_db()
    assert (pool.result, TestResult.objects.unscoped().count()) == ("", 0)


def test_a_member_cannot_be_added_twice_nor_after_the_result(health_staff, session, ten):
    pool = make_pool(actor=health_staff, session=session, members=ten[:2])

    with pytest.raises(ValidationError) as twice:
        services.pool_add_member(actor=health_staff, pool=pool, person=ten[0])
    assert twice.value.error_dict["person"][0].code == LabtestsErrorCode.ALREADY_IN_POOL

    services.pool_result_record(actor=health_staff, pool=pool, result=ResultValue.NEGATIVE)
    with pytest.raises(ValidationError) as closed:
        services.pool_add_member(actor=health_staff, pool=pool, person=ten[5])
    assert closed.value.error_dict["person"][0].code == LabtestsErrorCode.POOL_HAS_RESULT
