"""Registering and editing residents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audited_create, audited_update
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unit_errors
from phaodai.core.text import normalize_name
from phaodai.people import events
from phaodai.people.duplicates import Identity, find_matches, record_candidates
from phaodai.people.enums import ChronicCondition, Ethnicity, ResidenceStatus, Sex
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.models import Household, Person
from phaodai.people.names import name_keys
from phaodai.people.validators import cccd_facts, normalize_phone, validate_birth, validate_national_id

# The fields a user edits; audited as {"field": [before, after]}.
PERSON_FIELDS = (
    "full_name",
    "sex",
    "birth_year",
    "birth_date",
    "national_id",
    "phone",
    "ethnicity",
    "residence_unit",
    "household",
    "residence_status",
    "away_location",
    "chronic_conditions",
    "is_pregnant",
    "notes",
)
# Columns computed from the edited fields (derive_person; area_path by AreaScopedModel.save).
DERIVED_FIELDS = ("name_key", "name_tail_key", "given_name_key", "is_high_risk")
# The choices as sets, computed once (an enum's ``.values`` builds a new list on every call).
_SEXES = frozenset(Sex.values)
_ETHNICITIES = frozenset(Ethnicity.values)
_STATUSES = frozenset(ResidenceStatus.values)
_CONDITIONS = frozenset(ChronicCondition.values)
IDENTITY_FIELDS = frozenset(
    {"full_name", "birth_year", "birth_date", "national_id", "phone", "residence_unit"}
)


class _Errors:
    """Messages keyed by field, each a ValidationError with its code, raised all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def extend(self, field: str, error: ValidationError) -> None:
        self.by_field.setdefault(field, []).extend(error.error_list)

    def __contains__(self, field: str) -> bool:
        return field in self.by_field

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def clean_person(*, actor: User, values: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Check and canonicalise a person's editable values; all errors at once, keyed by field.

    The one copy of the person rules: forms, the API, imports and merges all come here.
    """
    errors = _Errors()
    cleaned = dict(values)
    cleaned["full_name"] = normalize_name(values["full_name"] or "")
    if not name_keys(cleaned["full_name"]).full:
        errors.add("full_name", _("Họ và tên không được để trống."), PeopleErrorCode.NAME_REQUIRED)
    if values["sex"] not in _SEXES:
        errors.add("sex", _("Hãy chọn giới tính Nam hoặc Nữ."), PeopleErrorCode.SEX_INVALID)
    for field, check in (("national_id", validate_national_id), ("phone", normalize_phone)):
        try:
            cleaned[field] = check(values[field] or "")
        except ValidationError as error:
            errors.extend(field, error)
    try:
        validate_birth(values["birth_year"], values["birth_date"], today)
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.by_field.setdefault(field, []).extend(messages)
    if values["birth_date"] is not None:
        cleaned["birth_year"] = values["birth_date"].year
    facts = cccd_facts(cleaned["national_id"]) if "national_id" not in errors else None
    if facts is not None:
        if (
            cleaned["birth_year"] is not None
            and "birth_year" not in errors
            and facts.birth_year != cleaned["birth_year"]
        ):
            errors.add(
                "national_id",
                _("Số CCCD cho biết năm sinh %(cccd)d, khác với năm sinh đã nhập (%(year)d).")
                % {"cccd": facts.birth_year, "year": cleaned["birth_year"]},
                PeopleErrorCode.CCCD_BIRTH_YEAR_MISMATCH,
            )
        if values["sex"] in _SEXES and facts.sex != values["sex"]:
            errors.add(
                "national_id",
                _("Số CCCD cho biết giới tính %(cccd)s, khác với giới tính đã nhập.")
                % {"cccd": Sex(facts.sex).label},
                PeopleErrorCode.CCCD_SEX_MISMATCH,
            )
    unit: AdminUnit | None = values["residence_unit"]
    for problem in unit_errors(actor, unit, what=_("nơi cư trú"), min_level=UnitLevel.COMMUNE):
        errors.extend("residence_unit", problem)
    household: Household | None = values["household"]
    if household is not None and unit is not None and household.unit_id != unit.pk:
        errors.add(
            "household",
            _("Hộ %(household)s thuộc %(unit)s, khác nơi cư trú đã chọn.")
            % {"household": household, "unit": household.unit.name},
            PeopleErrorCode.HOUSEHOLD_OTHER_UNIT,
        )
    if values["ethnicity"] not in _ETHNICITIES:
        errors.add("ethnicity", _("Dân tộc không có trong danh mục."), PeopleErrorCode.ETHNICITY_UNKNOWN)
    if values["residence_status"] not in _STATUSES:
        errors.add(
            "residence_status",
            _("Tình trạng cư trú không hợp lệ."),
            PeopleErrorCode.RESIDENCE_STATUS_INVALID,
        )
    cleaned["away_location"] = (values["away_location"] or "").strip()
    if values["residence_status"] == ResidenceStatus.AWAY and not cleaned["away_location"]:
        errors.add(
            "away_location",
            _("Cần ghi nơi đang ở, làm việc hoặc học tập khi nhân khẩu đang ở nơi khác."),
            PeopleErrorCode.AWAY_LOCATION_REQUIRED,
        )
    conditions = list(dict.fromkeys(values["chronic_conditions"] or ()))
    unknown = [c for c in conditions if c not in _CONDITIONS]
    if unknown:
        errors.add(
            "chronic_conditions",
            _("Bệnh nền không có trong danh mục: %(values)s.") % {"values": ", ".join(unknown)},
            PeopleErrorCode.CONDITION_UNKNOWN,
        )
    cleaned["chronic_conditions"] = conditions
    cleaned["is_pregnant"] = bool(values["is_pregnant"])
    if cleaned["is_pregnant"] and values["sex"] == Sex.MALE:
        errors.add("is_pregnant", _("Nam giới không thể đang mang thai."), PeopleErrorCode.PREGNANT_MALE)
    cleaned["notes"] = (values["notes"] or "").strip()
    errors.raise_any()
    return cleaned


def derive_person(person: Person) -> None:
    """Set the columns computed from a person's values: the folded name keys and the high-risk flag.

    The one copy of these derivations (the demo's bulk rows call it too). The area path is
    derived by ``AreaScopedModel`` from the residence unit.
    """
    keys = name_keys(person.full_name)
    person.name_key, person.name_tail_key, person.given_name_key = keys.full, keys.tail, keys.given
    person.is_high_risk = bool(person.chronic_conditions) or person.is_pregnant
    person.derive_area()


def _record_likely_duplicates(person: Person) -> None:
    matches = find_matches(
        base=Person.objects.unscoped(), identity=Identity.of(person), exclude_pk=person.pk, limit=20
    )
    record_candidates(person=person, matches=matches)


@transaction.atomic
def person_create(
    *,
    actor: User,
    uuid: UUID | None = None,
    full_name: str,
    sex: str,
    birth_year: int | None = None,
    birth_date: dt.date | None = None,
    national_id: str = "",
    phone: str = "",
    ethnicity: str = Ethnicity.KINH,
    residence_unit: AdminUnit,
    household: Household | None = None,
    residence_status: str = ResidenceStatus.PERMANENT,
    away_location: str = "",
    chronic_conditions: Sequence[str] = (),
    is_pregnant: bool = False,
    notes: str = "",
) -> tuple[Person, bool]:
    """Register a resident; ``(person, created)``. Likely duplicates become candidate pairs."""
    require(actor, Capability.EDIT_PEOPLE)
    values = {
        "full_name": full_name,
        "sex": sex,
        "birth_year": birth_year,
        "birth_date": birth_date,
        "national_id": national_id,
        "phone": phone,
        "ethnicity": ethnicity,
        "residence_unit": residence_unit,
        "household": household,
        "residence_status": residence_status,
        "away_location": away_location,
        "chronic_conditions": chronic_conditions,
        "is_pregnant": is_pregnant,
        "notes": notes,
    }

    def create() -> Person:
        cleaned = clean_person(actor=actor, values=values, today=timezone.localdate())
        person = Person(created_by=actor, **cleaned)
        if uuid is not None:
            person.uuid = uuid
        derive_person(person)
        audited_create(person, actor=actor, event=events.PERSON_CREATED, fields=PERSON_FIELDS)
        _record_likely_duplicates(person)
        return person

    return create_once(Person, actor=actor, uuid=uuid, create=create)


def lock_person(person: Person) -> Person:
    """The person's row, locked for this transaction, with its unit and household."""
    return (
        Person.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("residence_unit", "household")
        .get(pk=person.pk)
    )


@transaction.atomic
def person_update(*, actor: User, person: Person, **fields: Any) -> Person:
    """Change some of a resident's fields (names as in ``PERSON_FIELDS``); returns the fresh record.

    Setting ``birth_date`` alone also sets the birth year. A person who leaves a
    household stops being its head. Nothing is written when nothing changes.
    """
    # A late import: households.py imports this module (the head of a new household joins it).
    from phaodai.people.services.households import household_head_left

    unknown = sorted(set(fields) - set(PERSON_FIELDS))
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_PEOPLE)
    person = lock_person(person)
    require_in_jurisdiction(actor, person.area_path)
    if person.merged_into_id is not None:
        raise ValidationError(
            _("Hồ sơ này đã được gộp vào hồ sơ khác; hãy sửa hồ sơ được giữ lại."),
            code=PeopleErrorCode.MERGED_RECORD,
        )
    values = {field: getattr(person, field) for field in PERSON_FIELDS}
    values.update(fields)
    if fields.get("birth_date") is not None and "birth_year" not in fields:
        values["birth_year"] = None  # follows the new date
    cleaned = clean_person(actor=actor, values=values, today=timezone.localdate())
    old_household_id = person.household_id
    changes = audited_update(
        person,
        actor=actor,
        event=events.PERSON_UPDATED,
        fields=PERSON_FIELDS,
        values=cleaned,
        derive=derive_person,
        derived=DERIVED_FIELDS,
    )
    if not changes:
        return person
    if "household" in changes and old_household_id is not None:
        household_head_left(actor=actor, household_id=old_household_id, person=person)
    if IDENTITY_FIELDS & set(changes):
        _record_likely_duplicates(person)
    return person
