"""The desk's and welfare's part of the small demo province: every category of request, handled
and open ones, vulnerable households, packages with stock, deliveries; "nobody goes hungry" is
neither zero nor everyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from phaodai.core.seeding import Scale
from phaodai.demo.services import demo_seed
from phaodai.demo.tests.conftest import TODAY, load_lao_cai
from phaodai.requests_desk.enums import RequestCategory, RequestStatus
from phaodai.requests_desk.models import ResidentRequest
from phaodai.welfare.models import Delivery, SupportPackage, VulnerableHousehold
from phaodai.welfare.selectors import nobody_hungry, package_stock


@pytest.mark.django_db
@override_settings(PHAODAI_WELFARE_REACHED_DAYS=7)
def test_the_small_demo_has_requests_and_welfare_records():
    load_lao_cai()

    summary = demo_seed(scale=Scale.SMALL, seed=42, today=TODAY)

    requests = ResidentRequest.objects.unscoped()
    assert set(requests.values_list("category", flat=True)) == set(RequestCategory.values)
    assert requests.filter(status=RequestStatus.RESOLVED).exists()
    assert requests.exclude(status=RequestStatus.RESOLVED).exists()
    assert all(
        (r.time_to_resolve or dt.timedelta(-1)) >= dt.timedelta(0)
        for r in requests.filter(status=RequestStatus.RESOLVED)
    )
    assert VulnerableHousehold.objects.unscoped().count() == summary.counts["vulnerable_households"] > 0
    assert Delivery.objects.unscoped().count() == summary.counts["deliveries"] > 0
    assert all(package_stock(p) >= 0 for p in SupportPackage.objects.unscoped())
    from phaodai.accounts.models import User

    leader = User.objects.get(username="lanhdao.tinh")
    figure = nobody_hungry(user=leader, unit=None, today=TODAY)
    assert 0 < figure.reached < figure.total
    assert figure.days == 7
    assert Delivery.objects.unscoped().filter(delivered_on__gt=TODAY).count() == 0
    assert Delivery.objects.unscoped().filter(delivered_on__lt=TODAY - dt.timedelta(days=10)).count() == 0
    assert ResidentRequest.objects.unscoped().filter(received_at__date__gt=TODAY).count() == 0
