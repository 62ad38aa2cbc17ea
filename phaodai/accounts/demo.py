"""Demo sign-ins, one per role, all with one published password. For the demo only.

The password is printed by ``manage.py demo_logins`` and written in the README:
anyone can read it. Never seed a database that real people's data will go into.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Role
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor

DEMO_PASSWORD = "phaodai-demo"  # noqa: S105 - published on purpose, demo databases only
DEMO_COMMUNE_CODE = "02866"  # Xã Bản Phố, huyện Bắc Hà
DEMO_DISTRICT_CODE = "085"  # Huyện Bắc Hà


class Anchor(StrEnum):
    """Which demo unit an account's jurisdiction is."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    VILLAGE = "village"
    EVERYWHERE = "everywhere"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    anchor: Anchor
    full_name: str
    phone: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("lanhdao.tinh", Role.PROVINCE_LEADER, Anchor.PROVINCE, "Nguyễn Văn Hưng", "0912000001"),
    DemoAccount("lanhdao.bacha", Role.DISTRICT_LEADER, Anchor.DISTRICT, "Hoàng Văn Thắng", "0912000002"),
    DemoAccount("canbo.xa", Role.COMMUNE_LEADER, Anchor.COMMUNE, "Giàng Seo Chứ", "0912000003"),
    DemoAccount("yte.xa", Role.HEALTH_STAFF, Anchor.COMMUNE, "Lù Thị Mai", "0912000004"),
    DemoAccount("toconguong.thon", Role.COMMUNITY_MEMBER, Anchor.VILLAGE, "Vàng A Páo", "0912000005"),
    DemoAccount("chot.kiemdich", Role.CHECKPOINT_OFFICER, Anchor.DISTRICT, "Trần Đức Minh", "0912000006"),
    DemoAccount("xem", Role.VIEWER, Anchor.PROVINCE, "Phạm Thị Lan", "0912000007"),
    DemoAccount("quantri", Role.SYSTEM_ADMIN, Anchor.EVERYWHERE, "Lê Minh Quân", "0912000008"),
)


def demo_anchor_units(*, province: AdminUnit, communes: list[AdminUnit]) -> dict[Anchor, AdminUnit | None]:
    """The units the demo accounts hang from: Lào Cai, Bắc Hà, Xã Bản Phố and its first village.

    When Bản Phố was not seeded, the first rural commune of Bắc Hà that was stands in.
    """
    district = (
        AdminUnit.objects.unscoped().filter(parent=province, code=DEMO_DISTRICT_CODE).first() or province
    )
    in_district = [c for c in communes if c.parent_id == district.pk] or communes
    commune = next(
        (c for c in in_district if c.code == DEMO_COMMUNE_CODE),
        next(
            (c for c in in_district if c.unit_type == UnitType.COMMUNE),
            in_district[0] if in_district else district,
        ),
    )
    village = (
        AdminUnit.objects.unscoped().filter(parent=commune, level=UnitLevel.VILLAGE).order_by("code").first()
        or commune
    )
    return {
        Anchor.PROVINCE: province,
        Anchor.DISTRICT: district,
        Anchor.COMMUNE: commune,
        Anchor.VILLAGE: village,
        Anchor.EVERYWHERE: None,
    }


@transaction.atomic
def demo_users_create(*, province: AdminUnit, communes: list[AdminUnit]) -> list[User]:
    """Create (or reset) one demo account per role with the demo password."""
    anchors = demo_anchor_units(province=province, communes=communes)
    users = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first() or User(username=account.username)
        user.role = account.role
        user.home_unit = anchors[account.anchor]
        user.first_name = account.full_name
        user.last_name = ""
        user.phone = account.phone
        user.is_active = True
        user.is_staff = user.is_superuser = account.role == Role.SYSTEM_ADMIN
        user.set_password(DEMO_PASSWORD)
        user.full_clean(exclude=["password"])
        user.save()
        users.append(user)
    return users


def seed_accounts(context: DemoContext) -> DemoContribution:
    """One demo account per role (after the villages exist: the community team's is one)."""
    users = demo_users_create(province=context.province, communes=context.communes)
    return DemoContribution(
        counts={"users": len(users)},
        lines=[_("  %(u)d tài khoản demo (xem: manage.py demo_logins)") % {"u": len(users)}],
    )


CONTRIBUTORS = [DemoContributor(name="accounts", order=900, seed=seed_accounts)]
