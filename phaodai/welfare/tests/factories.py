"""Welfare records for tests, through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.people.models import Household
from phaodai.welfare.enums import PackageKind, PackageSource, Vulnerability
from phaodai.welfare.models import Delivery, PackageReceipt, SupportPackage, VulnerableHousehold
from phaodai.welfare.services import delivery_record, package_create, package_receive, vulnerable_mark


def make_vulnerable(
    *,
    actor: User,
    household: Household,
    vulnerabilities: Any = (Vulnerability.POOR,),
    needs: str = "Gạo, mì tôm",
) -> VulnerableHousehold:
    return vulnerable_mark(actor=actor, household=household, vulnerabilities=vulnerabilities, needs=needs)


def make_package(
    *, actor: User, unit: AdminUnit, name: str = "Gạo 10 kg", kind: str = PackageKind.FOOD, stock: int = 0
) -> SupportPackage:
    package = package_create(actor=actor, unit=unit, kind=kind, name=name)
    if stock:
        receive(actor=actor, package=package, quantity=stock)
    return package


def receive(
    *, actor: User, package: SupportPackage, quantity: int, on: dt.date = dt.date(2026, 11, 23)
) -> PackageReceipt:
    return package_receive(
        actor=actor, package=package, quantity=quantity, received_on=on, source=PackageSource.STATE
    )


def deliver(
    *,
    actor: User,
    package: SupportPackage,
    household: Household,
    quantity: int = 1,
    on: dt.date,
    today: dt.date | None = None,
) -> Delivery:
    return delivery_record(
        actor=actor,
        package=package,
        household=household,
        quantity=quantity,
        delivered_on=on,
        delivered_by="Đoàn Thanh niên xã",
        today=today or on,
    )
