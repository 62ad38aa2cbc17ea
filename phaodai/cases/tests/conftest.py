"""Officers and residents used across the cases tests, on top of the root ``units`` tree."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.cases.enums import BedKind, CareSetting
from phaodai.cases.tests.factories import make_facility
from phaodai.core.roles import Role
from phaodai.people.enums import ChronicCondition, Sex
from phaodai.people.tests.factories import make_person


@pytest.fixture
def health_officer(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_banpho")


@pytest.fixture
def district_health(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Huyện Bắc Hà"], username="yte_bacha")


@pytest.fixture
def province_health(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Tỉnh Lào Cai"], username="yte_laocai")


@pytest.fixture
def patient(units):
    """55 years old in February 2022, no comorbidity, not vaccinated."""
    return make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        full_name="Vàng Seo Lử",
        birth_date=dt.date(1966, 5, 2),
        sex=Sex.MALE,
    )


@pytest.fixture
def elder(units):
    return make_person(
        residence_unit=units["Thôn Bản Phố 2"],
        full_name="Sùng Thị Dua",
        sex=Sex.FEMALE,
        birth_date=dt.date(1950, 1, 20),
        chronic_conditions=[ChronicCondition.DIABETES],
    )


@pytest.fixture
def facilities(units):
    """A district facility in Bắc Hà, one in Si Ma Cai, and the provincial hospital."""
    return {
        "bac_ha": make_facility(
            unit=units["Huyện Bắc Hà"],
            tier=CareSetting.DISTRICT,
            name="Khu điều trị Bắc Hà",
            beds={BedKind.ORDINARY: 2, BedKind.OXYGEN: 1},
        ),
        "si_ma_cai": make_facility(
            unit=units["Huyện Si Ma Cai"],
            tier=CareSetting.DISTRICT,
            name="Khu điều trị Si Ma Cai",
            beds={BedKind.ORDINARY: 5},
        ),
        "province": make_facility(
            unit=units["Tỉnh Lào Cai"],
            tier=CareSetting.PROVINCIAL,
            name="Bệnh viện Đa khoa tỉnh",
            beds={BedKind.OXYGEN: 2, BedKind.ICU: 1},
        ),
    }
