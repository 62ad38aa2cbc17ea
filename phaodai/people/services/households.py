"""Households and inter-household groups (tổ liên gia tự quản)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.events import EventType
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unique_or_error, unit_errors
from phaodai.people import events
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.names import name_keys
from phaodai.people.services.persons import person_update, village_required

HOUSEHOLD_FIELDS = ("code", "unit", "address", "liaison_group", "head")
LIAISON_GROUP_FIELDS = ("name", "unit", "leader")


def _error(message: str, code: str) -> list[ValidationError]:
    return [ValidationError(message, code=code)]


def _clean_household(*, actor: User, household: Household, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    unit: AdminUnit | None = values["unit"]
    found = unit_errors(actor, unit, what=_("thôn, tổ dân phố của hộ"), min_level=UnitLevel.COMMUNE)
    if not found and unit is not None and household.unit_id != unit.pk:
        problem = village_required(unit, what=_("nơi hộ ở"))
        found = [problem] if problem is not None else []
    if found:
        errors["unit"] = found
    cleaned = dict(values)
    cleaned["code"] = (values["code"] or "").strip().upper()
    cleaned["address"] = " ".join((values["address"] or "").split())
    if unit is not None and cleaned["code"]:
        taken = Household.objects.unscoped().filter(unit=unit, code=cleaned["code"]).exclude(pk=household.pk)
        if taken.exists():
            errors["code"] = _code_taken(cleaned["code"], unit)
    group: LiaisonGroup | None = values["liaison_group"]
    if group is not None and unit is not None and not unit.path.startswith(group.area_path):
        errors["liaison_group"] = _error(
            _("Tổ liên gia %(group)s thuộc địa bàn khác.") % {"group": group.name},
            PeopleErrorCode.GROUP_OTHER_AREA,
        )
    head: Person | None = values["head"]
    household_pk: int | None = household.pk  # None: a household being created
    if head is not None:
        if head.merged_into_id is not None:
            errors["head"] = _error(_("Hồ sơ này đã được gộp vào hồ sơ khác."), PeopleErrorCode.HEAD_MERGED)
        elif household_pk is None and head.household_id is not None:
            errors["head"] = _error(
                _("%(name)s đang thuộc một hộ khác.") % {"name": head.full_name},
                PeopleErrorCode.HEAD_IN_OTHER_HOUSEHOLD,
            )
        elif household_pk is not None and head.household_id != household_pk:
            errors["head"] = _error(_("Chủ hộ phải là thành viên của hộ."), PeopleErrorCode.HEAD_NOT_MEMBER)
        elif unit is not None and head.residence_unit_id != unit.pk:
            errors["head"] = _error(
                _("Chủ hộ phải cư trú tại %(unit)s.") % {"unit": unit.name}, PeopleErrorCode.HEAD_OTHER_UNIT
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _code_taken(code: str, unit: AdminUnit) -> list[ValidationError]:
    return _error(
        _("Mã hộ %(code)s đã có ở %(unit)s.") % {"code": code, "unit": unit.name},
        PeopleErrorCode.HOUSEHOLD_CODE_TAKEN,
    )


def _code_guard(household: Household, *, unit: AdminUnit, code: str) -> dict[str, Any]:
    """``unique_or_error`` arguments: a code taken meanwhile by another officer is a field error."""
    return {
        "taken": lambda: (
            bool(code)
            and Household.objects.unscoped()
            .filter(unit=unit, code=code)
            .exclude(uuid=household.uuid)
            .exists()
        ),
        "error": ValidationError({"code": _code_taken(code, unit)}),
    }


def _save_household(
    actor: User,
    household: Household,
    values: dict[str, Any],
    *,
    event: EventType,
    expected_version: int | None = None,
) -> Household:
    unique_or_error(
        lambda: audited_update(
            household,
            actor=actor,
            event=event,
            fields=HOUSEHOLD_FIELDS,
            values=values,
            expected_version=expected_version,
        ),
        **_code_guard(household, unit=values["unit"], code=values["code"]),
    )
    return household


@transaction.atomic
def household_create(
    *,
    actor: User,
    uuid: UUID | None = None,
    unit: AdminUnit,
    code: str = "",
    address: str = "",
    liaison_group: LiaisonGroup | None = None,
    head: Person | None = None,
) -> tuple[Household, bool]:
    """Register a household; the head (if given, not yet in a household) becomes its member."""
    require(actor, Capability.EDIT_PEOPLE)

    def create() -> Household:
        household = Household()
        if uuid is not None:
            household.uuid = uuid
        cleaned = _clean_household(
            actor=actor,
            household=household,
            values={
                "unit": unit,
                "code": code,
                "address": address,
                "liaison_group": liaison_group,
                "head": head,
            },
        )
        for field, value in cleaned.items():
            setattr(household, field, value)
        return unique_or_error(
            lambda: audited_create(
                household, actor=actor, event=events.HOUSEHOLD_CREATED, fields=HOUSEHOLD_FIELDS
            ),
            **_code_guard(household, unit=unit, code=household.code),
        )

    household, created = create_once(Household, actor=actor, uuid=uuid, create=create)
    if created and head is not None:
        person_update(actor=actor, person=head, household=household)
    return household, created


@transaction.atomic
def household_update(
    *, actor: User, household: Household, expected_version: int | None = None, **fields: Any
) -> Household:
    """Change a household's code, address, inter-household group or head (a member).

    ``expected_version``: as ``person_update`` (a household changed since is refused).
    """
    allowed = ("code", "address", "liaison_group", "head")
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"household_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_PEOPLE)
    household = Household.objects.unscoped().select_for_update().select_related("unit").get(pk=household.pk)
    require_in_jurisdiction(actor, household.area_path)
    check_version(household, expected_version)
    values = {field: getattr(household, field) for field in HOUSEHOLD_FIELDS}
    values.update(fields)
    cleaned = _clean_household(actor=actor, household=household, values=values)
    return _save_household(
        actor, household, cleaned, event=events.HOUSEHOLD_UPDATED, expected_version=expected_version
    )


def household_head_left(*, actor: User, household_id: int, person: Person) -> None:
    """The household a person just left loses them as its head (inside the person's update)."""
    for household in Household.objects.unscoped().select_for_update().filter(pk=household_id, head=person):
        audited_update(
            household,
            actor=actor,
            event=events.HOUSEHOLD_HEAD_LEFT,
            fields=HOUSEHOLD_FIELDS,
            values={"head": None},
        )


def _clean_group(*, actor: User, group: LiaisonGroup, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    unit: AdminUnit | None = values["unit"]
    found = unit_errors(actor, unit, what=_("thôn, tổ dân phố của tổ liên gia"), min_level=UnitLevel.COMMUNE)
    if not found and unit is not None and group.unit_id != unit.pk:
        problem = village_required(unit, what=_("của tổ liên gia"))
        found = [problem] if problem is not None else []
    if found:
        errors["unit"] = found
    cleaned = dict(values)
    cleaned["name"] = " ".join((values["name"] or "").split())
    if not cleaned["name"]:
        errors["name"] = _error(
            _("Tên tổ liên gia không được để trống."), PeopleErrorCode.GROUP_NAME_REQUIRED
        )
    elif unit is not None:
        taken = LiaisonGroup.objects.unscoped().filter(unit=unit, name_key=name_keys(cleaned["name"]).full)
        if taken.exclude(pk=group.pk).exists():
            errors["name"] = _group_name_taken(cleaned["name"], unit)
    leader: Person | None = values["leader"]
    if leader is not None and unit is not None:
        if leader.merged_into_id is not None:
            errors["leader"] = _error(
                _("Hồ sơ này đã được gộp vào hồ sơ khác."), PeopleErrorCode.LEADER_MERGED
            )
        elif not leader.area_path.startswith(unit.path):
            errors["leader"] = _error(
                _("Tổ trưởng phải cư trú tại %(unit)s.") % {"unit": unit.name},
                PeopleErrorCode.LEADER_OTHER_UNIT,
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _group_name_taken(name: str, unit: AdminUnit) -> list[ValidationError]:
    return _error(
        _("Tổ liên gia “%(name)s” đã có ở %(unit)s.") % {"name": name, "unit": unit.name},
        PeopleErrorCode.GROUP_NAME_TAKEN,
    )


def derive_liaison_group(group: LiaisonGroup) -> None:
    """The folded name two groups of a unit may not share (a database constraint too)."""
    group.name_key = name_keys(group.name).full
    group.derive_area()


def _save_group(group: LiaisonGroup, write: Any, *, unit: AdminUnit, name: str) -> LiaisonGroup:
    """Run ``write``; a name taken meanwhile by another officer is a field error, not a 500."""
    unique_or_error(
        write,
        taken=lambda: (
            LiaisonGroup.objects.unscoped()
            .filter(unit=unit, name_key=name_keys(name).full)
            .exclude(uuid=group.uuid)
            .exists()
        ),
        error=ValidationError({"name": _group_name_taken(name, unit)}),
    )
    return group


@transaction.atomic
def liaison_group_create(
    *, actor: User, unit: AdminUnit, name: str, leader: Person | None = None
) -> LiaisonGroup:
    """Create an inter-household group (tổ liên gia tự quản) in a village or commune."""
    require(actor, Capability.EDIT_PEOPLE)
    group = LiaisonGroup()
    cleaned = _clean_group(actor=actor, group=group, values={"unit": unit, "name": name, "leader": leader})
    for field, value in cleaned.items():
        setattr(group, field, value)
    derive_liaison_group(group)
    return _save_group(
        group,
        lambda: audited_create(
            group, actor=actor, event=events.LIAISON_GROUP_CREATED, fields=LIAISON_GROUP_FIELDS
        ),
        unit=unit,
        name=group.name,
    )


@transaction.atomic
def liaison_group_update(
    *, actor: User, group: LiaisonGroup, expected_version: int | None = None, **fields: Any
) -> LiaisonGroup:
    """Rename a group or change its leader (``expected_version``: as ``person_update``)."""
    unknown = sorted(set(fields) - {"name", "leader"})
    if unknown:
        raise TypeError(f"liaison_group_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_PEOPLE)
    group = LiaisonGroup.objects.unscoped().select_for_update().select_related("unit").get(pk=group.pk)
    require_in_jurisdiction(actor, group.area_path)
    check_version(group, expected_version)
    values = {field: getattr(group, field) for field in LIAISON_GROUP_FIELDS}
    values.update(fields)
    cleaned = _clean_group(actor=actor, group=group, values=values)
    return _save_group(
        group,
        lambda: audited_update(
            group,
            actor=actor,
            event=events.LIAISON_GROUP_UPDATED,
            fields=LIAISON_GROUP_FIELDS,
            values=cleaned,
            derive=derive_liaison_group,
            derived=("name_key",),
            expected_version=expected_version,
        ),
        unit=group.unit,
        name=cleaned["name"],
    )
