"""Treatment facilities and their beds (capacity). Occupancy is never written: it is the cases'."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.cases import events, flows
from phaodai.cases.enums import FACILITY_TIERS, BedKind
from phaodai.cases.errors import CasesErrorCode
from phaodai.cases.models import BedCapacity, CareEpisode, Facility
from phaodai.cases.selectors import occupancy_on
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction, unit_errors

FACILITY_FIELDS = ("unit", "name", "tier", "address", "phone", "is_active", "notes")
MAX_BEDS = 100_000
_TIERS = frozenset(value for value, _label in FACILITY_TIERS)


def _clean_facility(actor: User, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    unit: AdminUnit | None = values.get("unit")
    problems = unit_errors(actor, unit, what=_("đơn vị của cơ sở"), min_level=UnitLevel.PROVINCE)
    if problems:
        errors["unit"] = problems
    elif unit is not None and unit.level > UnitLevel.COMMUNE:
        errors["unit"] = [
            ValidationError(
                _("Cơ sở thuộc xã, huyện hoặc tỉnh, không thuộc thôn."),
                code=CasesErrorCode.FACILITY_UNIT_LEVEL,
            )
        ]
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        errors["name"] = [
            ValidationError(_("Hãy nhập tên cơ sở."), code=CasesErrorCode.FACILITY_NAME_REQUIRED)
        ]
    if values.get("tier") not in _TIERS:
        errors["tier"] = [ValidationError(_("Tuyến không hợp lệ."), code=CasesErrorCode.CHOICE_INVALID)]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def facility_create(
    *,
    actor: User,
    unit: AdminUnit,
    name: str,
    tier: str,
    address: str = "",
    phone: str = "",
    is_active: bool = True,
    notes: str = "",
    beds: dict[str, int] | None = None,
) -> Facility:
    require(actor, Capability.MANAGE_FACILITIES)
    values = _clean_facility(
        actor,
        {
            "unit": unit,
            "name": name,
            "tier": tier,
            "address": address,
            "phone": phone,
            "is_active": is_active,
            "notes": notes,
        },
    )
    facility = audited_create(
        Facility(**values), actor=actor, event=events.FACILITY_CREATED, fields=FACILITY_FIELDS
    )
    for kind, count in (beds or {}).items():
        beds_set(actor=actor, facility=facility, kind=kind, beds=count)
    return facility


@transaction.atomic
def facility_update(
    *, actor: User, facility: Facility, expected_version: int | None = None, **fields: Any
) -> Facility:
    unknown = sorted(set(fields) - set(FACILITY_FIELDS))
    if unknown:
        raise TypeError(f"facility_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.MANAGE_FACILITIES)
    facility = Facility.objects.unscoped().select_for_update().select_related("unit").get(pk=facility.pk)
    require_in_jurisdiction(actor, facility.area_path)
    check_version(facility, expected_version)
    values = {name: getattr(facility, name) for name in FACILITY_FIELDS}
    values.update(fields)
    values = _clean_facility(actor, values)
    case_ids = list(
        CareEpisode.objects.filter(facility=facility).values_list("case_id", flat=True).distinct()
    )
    moving = values["unit"].pk != facility.unit_id
    before = {pk: flows.stored_case_flows(pk) for pk in case_ids} if moving else {}
    audited_update(
        facility,
        actor=actor,
        event=events.FACILITY_UPDATED,
        fields=FACILITY_FIELDS,
        values=values,
        expected_version=expected_version,
    )
    for pk, was in before.items():  # beds are counted at the facility's unit
        flows.apply_difference(was, flows.stored_case_flows(pk))
    return facility


@transaction.atomic
def beds_set(*, actor: User, facility: Facility, kind: str, beds: int) -> BedCapacity | None:
    """Set how many beds of ``kind`` the facility has (0 removes the kind); never below those occupied today."""
    require(actor, Capability.MANAGE_FACILITIES)
    facility = Facility.objects.unscoped().select_for_update().get(pk=facility.pk)
    require_in_jurisdiction(actor, facility.area_path)
    if kind not in BedKind.values:
        raise ValidationError(
            {"kind": [ValidationError(_("Loại giường không hợp lệ."), code=CasesErrorCode.CHOICE_INVALID)]}
        )
    if not 0 <= beds <= MAX_BEDS:
        raise ValidationError(
            {
                "beds": [
                    ValidationError(
                        _("Số giường phải từ 0 đến %(n)d.") % {"n": MAX_BEDS}, code=CasesErrorCode.BEDS_RANGE
                    )
                ]
            }
        )
    occupied = occupancy_on(facility, timezone.localdate()).get(kind, 0)
    if beds < occupied:
        raise ValidationError(
            {
                "beds": [
                    ValidationError(
                        _("Đang có %(n)d người bệnh nằm %(kind)s; số giường không thể ít hơn.")
                        % {"n": occupied, "kind": str(BedKind(kind).label).lower()},
                        code=CasesErrorCode.BEDS_BELOW_OCCUPIED,
                    )
                ]
            }
        )
    current = BedCapacity.objects.filter(facility=facility, kind=kind).first()
    before = current.beds if current else 0
    if before == beds:
        return current
    if beds == 0:
        BedCapacity.objects.filter(facility=facility, kind=kind).delete()
        current = None
    elif current is None:
        current = BedCapacity.objects.create(facility=facility, kind=kind, beds=beds)
    else:
        current.beds = beds
        current.save(update_fields=["beds"])
    audit_record(
        actor=actor,
        event=events.BEDS_SET,
        target=facility,
        area_path=facility.area_path,
        changes={f"beds_{kind}": [before, beds]},
        params={"kind": str(BedKind(kind).label), "before": before, "after": beds},
    )
    return current
