from __future__ import annotations

import itertools

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Role

_numbers = itertools.count(1)


PASSWORD = "matkhau-thu-nghiem"  # every test user's unless the test gives one


def make_user(
    *,
    role: Role = Role.COMMUNE_LEADER,
    home_unit: AdminUnit | None = None,
    username: str | None = None,
    password: str = PASSWORD,
) -> User:
    number = next(_numbers)
    return User.objects.create_user(
        username=username or f"user{number}",
        password=password,
        role=role,
        home_unit=home_unit,
        first_name=f"Người dùng {number}",
    )
