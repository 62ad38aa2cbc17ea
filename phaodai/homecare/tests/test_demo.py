"""Home care in the small demo province: entries over the outbreak, a few warning signs, missed half-days."""

from __future__ import annotations

import pytest

from phaodai.alerts.models import Alert
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.demo.tests.conftest import small_demo  # noqa: F401  # the module-wide demo
from phaodai.homecare.models import MissedSlot, MonitoringEntry
from phaodai.homecare.services import ALERT_REASON

pytestmark = pytest.mark.django_db


def test_the_demo_has_home_care_entries_with_a_few_warning_signs(small_demo):  # noqa: F811
    entries = MonitoringEntry.objects.unscoped()
    warned = entries.filter(has_warning=True)
    assert entries.count() > 20
    assert 1 <= warned.count() < entries.count() // 4
    assert (
        Alert.objects.unscoped().filter(reason=ALERT_REASON).count()
        == warned.values("case").distinct().count()
    )
    assert MissedSlot.objects.unscoped().exists()
    assert entries.filter(source="link").exists()
    assert entries.filter(source="staff").exists()
    assert_counts_rebuild_equal()
