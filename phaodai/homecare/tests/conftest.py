from __future__ import annotations

import datetime as dt

# Loaded before any test freezes the clock: psycopg's C module, imported lazily by Django's
# postgres fields, checks datetime's size and warns (an error here) when freezegun has replaced it.
import django.contrib.postgres.fields  # noqa: F401
import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.homecare.tests.factories import make_home_case
from phaodai.people.tests.factories import make_person


@pytest.fixture
def health_staff(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_banpho")


@pytest.fixture
def other_health_staff(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Lùng Phình"], username="yte_lungphinh")


@pytest.fixture
def home_case(units):
    person = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Vàng Seo Lử", birth_date=dt.date(1980, 3, 3)
    )
    return make_home_case(person=person)


@pytest.fixture
def child_case(units):
    """A child of 3 years (born 01/01/2019)."""
    person = make_person(
        residence_unit=units["Thôn Bản Phố 2"], full_name="Vàng Thị Mai", birth_date=dt.date(2019, 1, 1)
    )
    return make_home_case(person=person)


@pytest.fixture
def other_case(units):
    person = make_person(
        residence_unit=units["Thôn Lùng Phình"], full_name="Thào Seo Chứ", birth_date=dt.date(1975, 6, 1)
    )
    return make_home_case(person=person)
