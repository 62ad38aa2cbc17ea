import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role


@pytest.fixture
def health_staff(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_banpho")


@pytest.fixture
def other_health_staff(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Lùng Phình"], username="yte_lungphinh")


@pytest.fixture
def system_admin(units):
    return make_user(role=Role.SYSTEM_ADMIN, home_unit=None, username="quantri")
