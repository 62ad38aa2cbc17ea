"""The demo outbreak: cases in a few communes over six weeks, with steps, through the services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from phaodai.cases.enums import CaseStatus
from phaodai.cases.models import CareEpisode, Case, Facility, SeverityChange
from phaodai.core.seeding import Scale
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.demo.services import demo_seed

pytestmark = pytest.mark.django_db(transaction=False)


def test_small_demo_has_an_outbreak_with_steps_and_counts():
    call_command("load_units", era="2021", stdout=io.StringIO())
    summary = demo_seed(scale=Scale.SMALL, seed=42, today=dt.date(2022, 2, 20))

    cases = Case.objects.unscoped()
    assert summary.counts["cases"] == cases.count()
    assert cases.count() >= 20
    assert len(set(cases.values_list("unit", flat=True))) == 3
    assert cases.filter(status=CaseStatus.RECOVERED).exists()
    assert SeverityChange.objects.filter(severity="moderate").exists()
    assert CareEpisode.objects.filter(facility__isnull=False).exists()
    assert Facility.objects.unscoped().count() == summary.counts["facilities"] == 2 + 1 + 3
    assert cases.filter(home_care_rule_set__isnull=False).count() == cases.count()
    assert_counts_rebuild_equal()
