"""The testing part of the small demo province: screenings over several weeks, pools, follow-ups."""

import time

import pytest
from django.db import transaction

from phaodai.core.seeding import Scale
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.demo.services import demo_seed
from phaodai.demo.tests.conftest import TODAY, load_lao_cai
from phaodai.labtests.enums import ResultSource, ResultValue
from phaodai.labtests.models import CaseProposal, FollowUp, Pool, Sample, TestResult, TestSession


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_lao_cai()
        started = time.monotonic()
        demo_seed(scale=Scale.SMALL, seed=42, today=TODAY)
        yield time.monotonic() - started
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_has_weeks_of_screenings_pools_and_their_consequences(seeded):
    sessions = TestSession.objects.unscoped()
    assert sessions.count() >= 12
    assert len({s.held_on.isocalendar()[1] for s in sessions}) >= 4  # several weeks
    assert sessions.values("unit").distinct().count() == 3  # a few communes
    assert Pool.objects.unscoped().filter(result=ResultValue.POSITIVE).exists()
    assert TestResult.objects.unscoped().filter(source=ResultSource.POOL).exists()  # negative pools
    assert FollowUp.objects.unscoped().exists()
    assert TestResult.objects.unscoped().filter(result=ResultValue.POSITIVE).exists()
    assert CaseProposal.objects.unscoped().exists()
    assert Sample.objects.unscoped().count() > 100
    assert_counts_rebuild_equal(
        only={"labtests.samples", "labtests.positive", "labtests.pools", "labtests.pools_positive"}
    )
