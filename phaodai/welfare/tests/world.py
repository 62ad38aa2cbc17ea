"""Welfare's part of the test world (``tests/world.py``): in each commune a vulnerable household
(the people app's household there), a package with stock and one delivery.

The Lùng Phình household's needs and its package's name are secrets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.welfare.enums import PackageKind, PackageSource, Vulnerability
from phaodai.welfare.models import Delivery, PackageReceipt, SupportPackage, VulnerableHousehold


def _commune_records(
    units: Any, commune: str, household: Any, *, needs: str, package_name: str
) -> tuple[Any, Any]:
    vulnerable = VulnerableHousehold(
        household=household,
        unit=household.unit,
        vulnerabilities=[Vulnerability.ELDERLY_ALONE, Vulnerability.POOR],
        vulnerability_keys=" elderly_alone poor ",
        needs=needs,
    )
    vulnerable.save()
    package = SupportPackage(unit=units[commune], kind=PackageKind.FOOD, name=package_name)
    package.save()
    PackageReceipt(
        package=package,
        unit=package.unit,
        quantity=20,
        received_on=dt.date(2026, 11, 20),
        source=PackageSource.STATE,
    ).save()
    Delivery(
        package=package,
        household=household,
        vulnerable=vulnerable,
        unit=household.unit,
        quantity=2,
        delivered_on=dt.date(2026, 11, 21),
        delivered_by="Hội Phụ nữ xã",
    ).save()
    return vulnerable, package


def contribute(world: Any) -> None:
    units = world.units
    own_vulnerable, own_package = _commune_records(
        units,
        "Xã Bản Phố",
        world.households["own"],
        needs="Gạo và thuốc huyết áp",
        package_name="Gạo Bản Phố 10 kg",
    )
    other_vulnerable, other_package = _commune_records(
        units,
        "Xã Lùng Phình",
        world.households["sibling"],
        needs="Sữa cho trẻ sơ sinh Suối Thầu",
        package_name="Gói Suối Thầu ủng hộ",
    )
    world.record("vulnerable_id", own=own_vulnerable.pk, other=other_vulnerable.pk)
    world.record("package_id", own=own_package.pk, other=other_package.pk)
    world.secret(other_vulnerable.needs, other_package.name)

    def state() -> list[Any]:
        return [
            list(
                VulnerableHousehold.objects.unscoped()
                .filter(pk=other_vulnerable.pk)
                .values_list("vulnerabilities", "needs", "active", "version")
            ),
            PackageReceipt.objects.unscoped().filter(package=other_package).count(),
            Delivery.objects.unscoped().filter(package=other_package).count(),
        ]

    world.watch(state)
