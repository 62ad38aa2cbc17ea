"""Reads for the demo commands: is the registry empty, and who can sign in to the demo."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from phaodai.accounts.models import User
from phaodai.people.models import Person


def registry_is_empty() -> bool:
    return not Person.objects.unscoped().exists()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # the role's Vietnamese label
    unit: str  # the home unit's name, or "toàn hệ thống"
    password_works: bool  # False once someone changed the password


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, in role order, with where each one sees."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).select_related(
            "home_unit", "home_unit__parent"
        )
    }
    logins = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        unit = user.home_unit
        if unit is None:
            where = _("toàn hệ thống")
        elif unit.parent is not None:
            where = f"{unit.name} ({unit.parent.name})"
        else:
            where = unit.name
        logins.append(
            DemoLogin(
                username=user.username,
                role=str(user.get_role_display()),
                unit=where,
                password_works=user.is_active and user.check_password(DEMO_PASSWORD),
            )
        )
    return logins
