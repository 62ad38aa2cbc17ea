"""Writes of the welfare app: marking vulnerable households, packages received, deliveries.

Every write checks the capability and the jurisdiction, validates with Vietnamese messages and
``WelfareErrorCode``s and writes its audit row in the same transaction. A delivery locks its
package and refuses more than the stock (received − delivered): stock never goes negative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.access import in_jurisdiction
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction, unit_errors
from phaodai.people.models import Household
from phaodai.welfare import events
from phaodai.welfare.enums import PackageKind, PackageSource, Vulnerability
from phaodai.welfare.errors import WelfareErrorCode
from phaodai.welfare.models import Delivery, PackageReceipt, SupportPackage, VulnerableHousehold
from phaodai.welfare.selectors import package_stock

VULNERABLE_FIELDS = ("household", "unit", "vulnerabilities", "needs", "active")
PACKAGE_FIELDS = ("unit", "kind", "name", "unit_label")
RECEIPT_FIELDS = ("package", "quantity", "received_on", "source", "donor", "note")
DELIVERY_FIELDS = ("package", "household", "quantity", "delivered_on", "delivered_by", "note")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _household_reachable(actor: User, household: Household | None) -> Household:
    if household is None or not in_jurisdiction(actor, household.area_path):
        raise _error(
            "household",
            _("Hộ gia đình này nằm ngoài địa bàn bạn phụ trách."),
            WelfareErrorCode.HOUSEHOLD_OUTSIDE,
        )
    return household


def _clean_vulnerabilities(codes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(codes or ()))
    if not chosen:
        raise _error(
            "vulnerabilities",
            _("Hãy chọn ít nhất một diện khó khăn."),
            WelfareErrorCode.VULNERABILITY_REQUIRED,
        )
    unknown = [code for code in chosen if code not in Vulnerability.values]
    if unknown:
        raise _error(
            "vulnerabilities",
            _("Diện khó khăn không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)},
            WelfareErrorCode.VULNERABILITY_UNKNOWN,
        )
    return [code for code in Vulnerability.values if code in chosen]


def _derive_keys(record: VulnerableHousehold) -> None:
    record.vulnerability_keys = f" {' '.join(record.vulnerabilities)} " if record.vulnerabilities else ""


@transaction.atomic
def vulnerable_mark(
    *, actor: User, household: Household | None, vulnerabilities: Iterable[str], needs: str = ""
) -> VulnerableHousehold:
    """The commune marks a household of the registry as vulnerable, with its needs."""
    require(actor, Capability.EDIT_WELFARE)
    household = _household_reachable(actor, household)
    codes = _clean_vulnerabilities(vulnerabilities)
    existing = VulnerableHousehold.objects.unscoped().select_for_update().filter(household=household).first()
    if existing is not None:
        if existing.active:
            raise _error(
                "household",
                _("Hộ %(code)s đã có trong danh sách hộ khó khăn.") % {"code": household},
                WelfareErrorCode.ALREADY_MARKED,
            )
        audited_update(
            existing,
            actor=actor,
            event=events.HOUSEHOLD_UPDATED,
            fields=VULNERABLE_FIELDS,
            values={"vulnerabilities": codes, "needs": (needs or "").strip(), "active": True},
            derive=_derive_keys,
            derived=("vulnerability_keys",),
        )
        return existing
    record = VulnerableHousehold(
        household=household,
        unit=household.unit,
        vulnerabilities=codes,
        needs=(needs or "").strip(),
        marked_by=actor,
    )
    _derive_keys(record)
    return audited_create(record, actor=actor, event=events.HOUSEHOLD_MARKED, fields=VULNERABLE_FIELDS)


@transaction.atomic
def vulnerable_update(
    *,
    actor: User,
    vulnerable: VulnerableHousehold,
    expected_version: int | None,
    vulnerabilities: Iterable[str] | None = None,
    needs: str | None = None,
    active: bool | None = None,
) -> VulnerableHousehold:
    """Change what a vulnerable household is and needs, or take it off the list (``active``)."""
    require(actor, Capability.EDIT_WELFARE)
    record = (
        VulnerableHousehold.objects.unscoped()
        .select_for_update()
        .select_related("household")
        .get(pk=vulnerable.pk)
    )
    require_in_jurisdiction(actor, record.area_path)
    check_version(record, expected_version)
    values: dict[str, Any] = {}
    if vulnerabilities is not None:
        values["vulnerabilities"] = _clean_vulnerabilities(vulnerabilities)
    if needs is not None:
        values["needs"] = needs.strip()
    if active is not None:
        values["active"] = active
    audited_update(
        record,
        actor=actor,
        event=events.HOUSEHOLD_UPDATED,
        fields=VULNERABLE_FIELDS,
        values=values,
        derive=_derive_keys,
        derived=("vulnerability_keys",),
        expected_version=expected_version,
    )
    return record


@transaction.atomic
def package_create(
    *, actor: User, unit: AdminUnit | None, kind: str, name: str, unit_label: str = "suất"
) -> SupportPackage:
    """A kind of support held at a commune; its stock starts at zero and grows by receipts."""
    require(actor, Capability.EDIT_WELFARE)
    found = unit_errors(actor, unit, what=_("xã giữ hàng"), min_level=UnitLevel.COMMUNE)
    if not found and unit is not None and unit.level != UnitLevel.COMMUNE:
        found = [
            ValidationError(_("Hàng hỗ trợ được giữ ở xã: hãy chọn xã."), code=WelfareErrorCode.PACKAGE_UNIT)
        ]
    if found or unit is None:
        raise ValidationError({"unit": found})
    name = " ".join((name or "").split())
    if not name:
        raise _error("name", _("Hãy nhập tên hàng hỗ trợ."), WelfareErrorCode.PACKAGE_NAME_REQUIRED)
    if kind not in PackageKind.values:
        raise _error("kind", _("Hãy chọn loại hàng hỗ trợ."), WelfareErrorCode.PACKAGE_NAME_REQUIRED)
    package = SupportPackage(
        unit=unit, kind=kind, name=name, unit_label=" ".join((unit_label or "").split()) or "suất"
    )
    return audited_create(package, actor=actor, event=events.PACKAGE_CREATED, fields=PACKAGE_FIELDS)


def _check_quantity_and_day(quantity: int, day: dt.date, field: str, today: dt.date) -> None:
    if quantity < 1:
        raise _error("quantity", _("Số lượng phải từ 1 trở lên."), WelfareErrorCode.QUANTITY_POSITIVE)
    if day > today:
        raise _error(field, _("Ngày không được sau hôm nay."), WelfareErrorCode.DATE_FUTURE)


@transaction.atomic
def package_receive(
    *,
    actor: User,
    package: SupportPackage,
    quantity: int,
    received_on: dt.date,
    source: str,
    donor: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> PackageReceipt:
    """Packages that arrived at the commune (from the state or a donor, named)."""
    require(actor, Capability.EDIT_WELFARE)
    require_in_jurisdiction(actor, package.area_path)
    _check_quantity_and_day(quantity, received_on, "received_on", today or timezone.localdate())
    donor = " ".join((donor or "").split())
    if source not in PackageSource.values:
        raise _error("source", _("Hãy chọn nguồn hàng."), WelfareErrorCode.DONOR_REQUIRED)
    if source == PackageSource.DONOR and not donor:
        raise _error(
            "donor", _("Hãy ghi tên nhà hảo tâm hoặc tổ chức ủng hộ."), WelfareErrorCode.DONOR_REQUIRED
        )
    receipt = PackageReceipt(
        package=package,
        unit=package.unit,
        quantity=quantity,
        received_on=received_on,
        source=source,
        donor=donor,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    return audited_create(
        receipt, actor=actor, event=events.PACKAGE_RECEIVED, fields=RECEIPT_FIELDS, params={"n": quantity}
    )


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    package: SupportPackage,
    household: Household | None,
    quantity: int,
    delivered_on: dt.date,
    delivered_by: str,
    note: str = "",
    today: dt.date | None = None,
) -> Delivery:
    """Packages handed to a household of the actor's jurisdiction, from its commune's stock.

    Refused with a Vietnamese message, nothing saved: a household outside the jurisdiction, a
    package of another commune, more than the stock, a date after today, nobody named.
    """
    require(actor, Capability.DELIVER_WELFARE)
    household = _household_reachable(actor, household)
    locked = SupportPackage.objects.unscoped().select_for_update().select_related("unit").get(pk=package.pk)
    require_in_jurisdiction(actor, locked.area_path)
    if not household.area_path.startswith(locked.area_path):
        raise _error(
            "package",
            _("%(package)s là hàng của %(unit)s, không phát cho hộ ở xã khác.")
            % {"package": locked.name, "unit": locked.unit.name},
            WelfareErrorCode.OTHER_COMMUNE,
        )
    _check_quantity_and_day(quantity, delivered_on, "delivered_on", today or timezone.localdate())
    delivered_by = " ".join((delivered_by or "").split())
    if not delivered_by:
        raise _error(
            "delivered_by", _("Hãy ghi tên người mang hàng đến."), WelfareErrorCode.DELIVERED_BY_REQUIRED
        )
    stock = package_stock(locked)
    if quantity > stock:
        raise _error(
            "quantity",
            _("Trong kho chỉ còn %(n)d %(unit)s %(package)s; không phát được %(asked)d.")
            % {"n": stock, "unit": locked.unit_label, "package": locked.name, "asked": quantity},
            WelfareErrorCode.STOCK_SHORT,
        )
    delivery = Delivery(
        package=locked,
        household=household,
        vulnerable=VulnerableHousehold.objects.unscoped().filter(household=household).first(),
        unit=household.unit,
        quantity=quantity,
        delivered_on=delivered_on,
        delivered_by=delivered_by,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    return audited_create(
        delivery, actor=actor, event=events.DELIVERY_RECORDED, fields=DELIVERY_FIELDS, params={"n": quantity}
    )
