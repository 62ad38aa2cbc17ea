from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.rules.models import RuleSet

KIND_APP = "phaodai.rules.tests.kindapp"


@pytest.fixture
def kind_app(settings: Any) -> Iterator[None]:
    """The test kind ``test_isolation`` installed, as a consuming app's would be."""
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, KIND_APP]):
        yield


@pytest.fixture
def admin(units: Any) -> Any:
    return make_user(username="quantri", role=Role.SYSTEM_ADMIN, home_unit=units["Tỉnh Lào Cai"])


def national(**fields: Any) -> RuleSet:
    """A national rule set of the test kind written directly (as a data migration does)."""
    values: dict[str, Any] = {
        "code": "test_isolation.national",
        "kind": "test_isolation",
        "title": "Cách ly 14 ngày",
        "valid_from": dt.date(2021, 1, 1),
        "parameters": {"days": 14, "negative_test_needed": False, "tests": []},
        **fields,
    }
    return RuleSet.objects.create(**values)
