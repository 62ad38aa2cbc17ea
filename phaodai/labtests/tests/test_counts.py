"""The testing figures kept in counts equal the figures rebuilt from the records, after a
sequence of creates, edits and deletes (and the read side sees them)."""

import datetime as dt

from phaodai.counts.selectors import count_by_dim, count_total
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.labtests import services
from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.indicators import POOLS_POSITIVE, POSITIVE, SAMPLES
from phaodai.labtests.tests.factories import make_pool, make_sample, make_session
from phaodai.people.tests.factories import make_person

ONLY = {SAMPLES, POSITIVE, "labtests.pools", POOLS_POSITIVE}
D1, D2, D3 = dt.date(2022, 2, 1), dt.date(2022, 2, 2), dt.date(2022, 2, 3)


def test_incremental_counts_equal_rebuilt_after_creates_edits_and_deletes(health_staff, units):
    village, other = units["Thôn Bản Phố 1"], units["Thôn Bản Phố 2"]
    people = [make_person(residence_unit=village if n % 2 else other, birth_year=1960 + n) for n in range(8)]
    session = make_session(actor=health_staff, unit=village, held_on=D1)

    a = services.screening_entry(
        actor=health_staff, session=session, person=people[0], result=ResultValue.POSITIVE
    )[0]
    b = services.screening_entry(
        actor=health_staff, session=session, person=people[1], result=ResultValue.NEGATIVE
    )[0]
    c = make_sample(actor=health_staff, person=people[2], kind=TestKind.RT_PCR, sampled_on=D2)  # waiting
    services.result_record(
        actor=health_staff, sample=c, result=ResultValue.POSITIVE, result_on=D3, ct_value=None
    )
    d = make_sample(
        actor=health_staff,
        person=people[3],
        kind=TestKind.SELF_TEST,
        sampled_on=D2,
        result=ResultValue.POSITIVE,
    )
    assert_counts_rebuild_equal(only=ONLY)

    # edits: a value, a sample day, a kind of result
    services.result_update(actor=health_staff, record=b.result, result=ResultValue.POSITIVE)
    services.result_update(actor=health_staff, record=a.result, sampled_on=D2, result_on=D2)
    services.result_update(actor=health_staff, record=c.result, result=ResultValue.INVALID)
    assert_counts_rebuild_equal(only=ONLY)

    # pools: one positive, one negative
    positive = make_pool(actor=health_staff, session=session, members=people[4:6], code="G1")
    negative = make_pool(actor=health_staff, session=session, members=people[6:8], code="G2")
    services.pool_result_record(actor=health_staff, pool=positive, result=ResultValue.POSITIVE, result_on=D2)
    services.pool_result_record(actor=health_staff, pool=negative, result=ResultValue.NEGATIVE, result_on=D2)
    assert_counts_rebuild_equal(only=ONLY)

    # deletes: a result, then a whole sample
    d.result.refresh_from_db()
    services.result_delete(actor=health_staff, result=d.result, reason="nhập nhầm")
    b.refresh_from_db()
    services.sample_delete(actor=health_staff, sample=b, reason="nhập nhầm người")
    assert_counts_rebuild_equal(only=ONLY)

    commune = units["Xã Bản Phố"]
    # samples: a (D2 after its edit), c, d (its sample stays), 4 pool members, on D1/D2; b deleted
    assert count_total(SAMPLES, unit=commune, start=D1, end=D3) == 7
    assert count_by_dim(SAMPLES, unit=commune, start=D1, end=D3, dim=1) == {
        TestKind.RAPID_ANTIGEN: 1,
        TestKind.RT_PCR: 5,
        TestKind.SELF_TEST: 1,
    }
    # positive: only a (moved to D2); b deleted, c invalid, d's result deleted
    assert count_total(POSITIVE, unit=commune, start=D2, end=D2) == 1
    assert count_total(POSITIVE, unit=commune, start=D1, end=D1) == 0
    assert count_total(POOLS_POSITIVE, unit=commune, start=D1, end=D3) == 1
