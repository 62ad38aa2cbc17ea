"""Registering and editing residents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import unit_has_subunits
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.access import in_jurisdiction
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unique_or_error, unit_errors
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
DERIVED_FIELDS = ("name_key", "name_tail_key", "given_name_key", "phone_reversed", "is_high_risk")
# The choices as sets, computed once (an enum's ``.values`` builds a new list on every call).
_SEXES = frozenset(Sex.values)
_ETHNICITIES = frozenset(Ethnicity.values)
_STATUSES = frozenset(ResidenceStatus.values)
_CONDITIONS = frozenset(ChronicCondition.values)
# Words put into a message only when there is an error (translated then, not for every row).
_RESIDENCE = gettext_lazy("nơi cư trú")
_WHERE_THEY_LIVE = gettext_lazy("nơi người này ở")
IDENTITY_FIELDS = frozenset(
    {"full_name", "birth_year", "birth_date", "national_id", "phone", "residence_unit"}
)


class _Errors:
    """Messages keyed by field, each a ValidationError with its code, raised all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def add_error(self, field: str, error: ValidationError) -> None:
        self.by_field.setdefault(field, []).append(error)

    def extend(self, field: str, error: ValidationError) -> None:
        self.by_field.setdefault(field, []).extend(error.error_list)

    def __contains__(self, field: str) -> bool:
        return field in self.by_field

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def national_id_taken(
    *,
    actor: User,
    national_id: str,
    same_person: Collection[int] = (),
    holder_of: Callable[[str], Person | None] | None = None,
) -> ValidationError | None:
    """The refusal of a CCCD/CMND number that another record in use already holds, or None.

    A number belongs to one person: across the whole registry (not only the actor's area), no
    two records that are not merged away share one (a database constraint too). Records merged
    away keep theirs. ``same_person`` are the records that are this person (the one being
    edited, the duplicate being merged into it). The message names the holder, with a link
    for the pages (``params["person_id"]``), only when the actor may see them; otherwise it
    says only that the number is taken elsewhere. ``holder_of`` answers "who holds this number"
    from records already read (an import reads a batch's holders in one query) instead of a query.
    """
    if holder_of is not None:
        holder = holder_of(national_id)
        if holder is not None and holder.pk in same_person:
            holder = None
    else:
        holder = (
            Person.objects.unscoped()
            .filter(national_id=national_id, merged_into__isnull=True)
            .exclude(pk__in=list(same_person))
            .select_related("residence_unit")
            .order_by("pk")
            .first()
        )
    if holder is None:
        return None
    if in_jurisdiction(actor, holder.area_path):
        return ValidationError(
            _(
                "Số CCCD/CMND %(number)s đã có trong hồ sơ của %(name)s (sinh năm %(year)s, %(place)s). "
                "Mỗi số chỉ thuộc một người: nếu là cùng một người, hãy dùng hồ sơ đó; "
                "nếu số bị nhập nhầm, hãy sửa lại."
            ),
            code=PeopleErrorCode.NATIONAL_ID_TAKEN,
            params={
                "number": national_id,
                "name": holder.full_name,
                "year": holder.birth_year,
                "place": holder.residence_unit.name,
                "person_id": holder.pk,
            },
        )
    return ValidationError(
        _(
            "Số CCCD/CMND %(number)s đã có trong sổ nhân khẩu, ở một hồ sơ ngoài địa bàn bạn phụ trách. "
            "Mỗi số chỉ thuộc một người: hãy kiểm tra lại số; nếu số đúng, hãy báo cấp trên để xử lý."
        ),
        code=PeopleErrorCode.NATIONAL_ID_TAKEN,
        params={"number": national_id},
    )


def village_required(unit: AdminUnit, *, what: str) -> ValidationError | None:
    """Where a commune has villages (or residential groups), a record's place is one of them.

    A record filed at such a commune belongs to no village: the village's community team
    cannot see it and no village list shows it. None when ``unit`` is a fine place.
    """
    if unit.level != UnitLevel.COMMUNE or not unit_has_subunits(unit=unit):
        return None
    return ValidationError(
        _("%(commune)s có thôn, tổ dân phố: hãy chọn thôn, tổ dân phố %(what)s.")
        % {"commune": unit.name, "what": what},
        code=PeopleErrorCode.RESIDENCE_NOT_VILLAGE,
    )


def clean_person(
    *,
    actor: User,
    values: Mapping[str, Any],
    today: dt.date,
    record: Person | None = None,
    merging: Person | None = None,
    holder_of: Callable[[str], Person | None] | None = None,
) -> dict[str, Any]:
    """Check and canonicalise a person's editable values; all errors at once, keyed by field.

    The one copy of the person rules: forms, the API, imports and merges all come here.
    ``record`` is the stored person being changed (None for a new one), ``merging`` the
    duplicate being merged into it: neither counts as another holder of the national ID.
    ``holder_of``: see ``national_id_taken``.
    A commune that has villages is no place of residence for a new record or a record
    moved there (records stored there before stay until placed: ``person_search(unplaced=True)``).
    """
    errors = _Errors()
    cleaned = dict(values)
    cleaned["full_name"] = normalize_name(values["full_name"] or "")
    if not name_keys(cleaned["full_name"]).full:
        errors.add("full_name", _("Họ và tên không được để trống."), PeopleErrorCode.NAME_REQUIRED)
    if values["sex"] not in _SEXES:
        errors.add("sex", _("Hãy chọn giới tính Nam hoặc Nữ."), PeopleErrorCode.SEX_INVALID)
    try:
        cleaned["national_id"] = validate_national_id(values["national_id"] or "", today=today)
    except ValidationError as error:
        errors.extend("national_id", error)
    try:
        cleaned["phone"] = normalize_phone(values["phone"] or "")
    except ValidationError as error:
        errors.extend("phone", error)
    try:
        validate_birth(values["birth_year"], values["birth_date"], today)
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.by_field.setdefault(field, []).extend(messages)
    if values["birth_date"] is not None:
        cleaned["birth_year"] = values["birth_date"].year
    if "national_id" not in errors and cleaned["national_id"]:
        same_person = [p.pk for p in (record, merging) if p is not None and p.pk is not None]
        taken = national_id_taken(
            actor=actor, national_id=cleaned["national_id"], same_person=same_person, holder_of=holder_of
        )
        if taken is not None:
            errors.add_error("national_id", taken)
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
    for problem in unit_errors(actor, unit, what=cast(str, _RESIDENCE), min_level=UnitLevel.COMMUNE):
        errors.extend("residence_unit", problem)
    moved = unit is not None and (record is None or record.residence_unit_id != unit.pk)
    if moved and unit is not None and "residence_unit" not in errors:
        not_village = village_required(unit, what=cast(str, _WHERE_THEY_LIVE))
        if not_village is not None:
            errors.add_error("residence_unit", not_village)
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
    """Set the columns computed from a person's values: the folded name keys, the reversed phone
    (search by its last digits) and the high-risk flag.

    The one copy of these derivations (the demo's bulk rows call it too). The area path is
    derived by ``AreaScopedModel`` from the residence unit.
    """
    keys = name_keys(person.full_name)
    person.name_key, person.name_tail_key, person.given_name_key = keys.full, keys.tail, keys.given
    person.phone_reversed = person.phone[::-1]
    person.is_high_risk = bool(person.chronic_conditions) or person.is_pregnant
    person.derive_area()


def _guarding_national_id(write: Any, *, actor: User, number: str, same: Collection[int] = ()) -> Any:
    """Run ``write``; a number saved meanwhile by another officer for another record is a field error."""
    return unique_or_error(
        write,
        taken=lambda: (
            bool(number) and national_id_taken(actor=actor, national_id=number, same_person=same) is not None
        ),
        error=lambda: ValidationError(
            {"national_id": [national_id_taken(actor=actor, national_id=number, same_person=same)]}
        ),
    )


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
        _guarding_national_id(
            lambda: audited_create(person, actor=actor, event=events.PERSON_CREATED, fields=PERSON_FIELDS),
            actor=actor,
            number=person.national_id,
        )
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
def person_update(
    *, actor: User, person: Person, expected_version: int | None = None, **fields: Any
) -> Person:
    """Change some of a resident's fields (names as in ``PERSON_FIELDS``); returns the fresh record.

    Setting ``birth_date`` alone also sets the birth year. A person who leaves a
    household stops being its head. Nothing is written when nothing changes. With
    ``expected_version`` (the version the editor read: a form's hidden field, an API If-Match),
    a record changed since is refused with ``StaleRecordError``.
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
    check_version(person, expected_version)
    values = {field: getattr(person, field) for field in PERSON_FIELDS}
    values.update(fields)
    if fields.get("birth_date") is not None and "birth_year" not in fields:
        values["birth_year"] = None  # follows the new date
    cleaned = clean_person(actor=actor, values=values, today=timezone.localdate(), record=person)
    old_household_id = person.household_id
    changes: dict[str, list[Any]] = _guarding_national_id(
        lambda: audited_update(
            person,
            actor=actor,
            event=events.PERSON_UPDATED,
            fields=PERSON_FIELDS,
            values=cleaned,
            derive=derive_person,
            derived=DERIVED_FIELDS,
            expected_version=expected_version,
        ),
        actor=actor,
        number=cleaned["national_id"],
        same=[person.pk],
    )
    if not changes:
        return person
    if "household" in changes and old_household_id is not None:
        household_head_left(actor=actor, household_id=old_household_id, person=person)
    if IDENTITY_FIELDS & set(changes):
        _record_likely_duplicates(person)
    return person
