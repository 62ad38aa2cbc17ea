"""A screening's list recorded at once: negatives in batches, positives and follow-ups one by one,
the same checks, counts equal to the records, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.audit.models import AuditEvent
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.labtests import services
from phaodai.labtests.enums import FollowUpStatus, ResultValue, TestKind
from phaodai.labtests.models import CaseProposal, FollowUp, Sample, TestResult
from phaodai.labtests.tests.factories import make_pool, make_session
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
DAY = dt.date(2022, 4, 20)


@pytest.fixture
def session(health_staff, units):
    return make_session(actor=health_staff, unit=units["Xã Bản Phố"], held_on=DAY, lab="Trạm Y tế Bản Phố")


@pytest.fixture
def people(units):
    return [
        make_person(residence_unit=units["Thôn Bản Phố 1"], full_name=f"Người {n}", birth_year=1980 + n)
        for n in range(5)
    ]


def test_negatives_in_one_batch_positives_and_follow_ups_one_by_one(health_staff, session, people):
    pooled = make_session(actor=health_staff, unit=session.unit, held_on=DAY - dt.timedelta(days=2))
    pool = make_pool(actor=health_staff, session=pooled, members=[people[4]], kind=TestKind.RT_PCR)
    services.pool_result_record(actor=health_staff, pool=pool, result=ResultValue.POSITIVE, result_on=DAY)
    lines = [services.ScreeningLine(person=p, result=ResultValue.NEGATIVE) for p in people[:3]]
    lines.append(services.ScreeningLine(person=people[3], result=ResultValue.POSITIVE, symptoms=True))
    lines.append(services.ScreeningLine(person=people[4], result=ResultValue.NEGATIVE))

    written = services.screening_bulk_record(actor=health_staff, session=session, lines=lines)

    assert written == 5
    results = TestResult.objects.unscoped().filter(sample__session=session).order_by("person__full_name")
    assert [(r.person.full_name, r.result, r.result_on, r.lab, r.kind) for r in results] == [
        ("Người 0", "negative", DAY, "Trạm Y tế Bản Phố", TestKind.RAPID_ANTIGEN),
        ("Người 1", "negative", DAY, "Trạm Y tế Bản Phố", TestKind.RAPID_ANTIGEN),
        ("Người 2", "negative", DAY, "Trạm Y tế Bản Phố", TestKind.RAPID_ANTIGEN),
        ("Người 3", "positive", DAY, "Trạm Y tế Bản Phố", TestKind.RAPID_ANTIGEN),
        ("Người 4", "negative", DAY, "Trạm Y tế Bản Phố", TestKind.RAPID_ANTIGEN),
    ]
    assert {s.area_path for s in Sample.objects.unscoped().filter(session=session)} == {session.area_path}
    batch = AuditEvent.objects.get(event="labtests.screening_recorded")
    assert (batch.params, batch.changes["session"], len(batch.changes["samples"])) == (
        {"n": 3},
        session.pk,
        3,
    )
    assert AuditEvent.objects.filter(event="labtests.sample_taken").count() == 2 + 1  # 2 one by one, 1 pooled
    assert CaseProposal.objects.unscoped().get().person == people[3]  # the positive proposes a case
    assert FollowUp.objects.unscoped().get(person=people[4]).status == FollowUpStatus.DONE
    assert_counts_rebuild_equal(only={"labtests.samples", "labtests.positive", "labtests.pools"})


def test_one_bad_line_refuses_the_list_and_saves_nothing(health_staff, session, people, units):
    baby = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Em bé", birth_date=dt.date(2022, 5, 1)
    )
    lines = [services.ScreeningLine(person=p, result=ResultValue.NEGATIVE) for p in [*people[:2], baby]]

    with pytest.raises(ValidationError) as refused:
        services.screening_bulk_record(actor=health_staff, session=session, lines=lines)

    assert refused.value.message_dict == {
        "sampled_on": ["Ngày lấy mẫu 20/04/2022 ở trước khi Em bé sinh ra."]
    }
    assert Sample.objects.unscoped().count() == 0
    assert not AuditEvent.objects.filter(event="labtests.screening_recorded").exists()
    assert_counts_rebuild_equal(only={"labtests.samples", "labtests.positive"})


def test_a_person_outside_the_jurisdiction_is_refused(other_health_staff, health_staff, session, people):
    with pytest.raises(PermissionDenied):
        services.screening_bulk_record(
            actor=other_health_staff,
            session=session,
            lines=[services.ScreeningLine(person=people[0], result=ResultValue.NEGATIVE)],
        )

    assert Sample.objects.unscoped().count() == 0
