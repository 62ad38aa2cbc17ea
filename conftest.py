"""Fixtures shared by every app's tests: a small two-province tree and users in it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from phaodai.accounts.tests.factories import make_user
from phaodai.areas.tests.factories import make_area_tree
from phaodai.core.roles import Role

TREE = (
    "Tỉnh Lào Cai",
    [
        (
            "Huyện Bắc Hà",
            [
                ("Xã Bản Phố", ["Thôn Bản Phố 1", "Thôn Bản Phố 2"]),
                ("Xã Lùng Phình", ["Thôn Lùng Phình"]),
            ],
        ),
        ("Huyện Si Ma Cai", [("Xã Sán Chải", ["Thôn Sán Chải"])]),
    ],
)
OTHER_TREE = ("Tỉnh Lai Châu", [("Huyện Sìn Hồ", [("Xã Pa Tần", ["Bản Pa Tần"])])])


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request through LocaleMiddleware leaves its language active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts with none (phaodai.core.ratelimit)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def units(db):
    """Units by name: Lào Cai (Bắc Hà: Bản Phố, Lùng Phình; Si Ma Cai: Sán Chải) and Lai Châu."""
    found = make_area_tree(TREE)
    found.update(make_area_tree(OTHER_TREE))
    return found


@pytest.fixture
def world(units):
    """The cross-jurisdiction world (``tests/world.py``): viewers and every app's records."""
    from tests.world import build_world

    return build_world(units)


@pytest.fixture
def commune_leader(units):
    return make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo_banpho")


@pytest.fixture
def other_commune_leader(units):
    return make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Lùng Phình"], username="canbo_lungphinh")


@pytest.fixture
def district_leader(units):
    return make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"], username="lanhdao_bacha")


@pytest.fixture
def province_leader(units):
    return make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"], username="lanhdao_laocai")


@pytest.fixture
def community_member(units):
    return make_user(
        role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"], username="toconguong_banpho1"
    )


@pytest.fixture
def system_admin(units):
    return make_user(role=Role.SYSTEM_ADMIN, home_unit=None, username="quantri")
