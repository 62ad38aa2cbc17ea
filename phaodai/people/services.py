"""Writes to the resident registry (R-02, R-03).

Every function takes the acting user first (keyword-only), runs in one
transaction, checks the actor's capability and jurisdiction, validates with
Vietnamese messages keyed by field, and writes an audit row with the values
before and after. Rejected calls write nothing.

Offline clients send the record's ``uuid``: sending the same record again
returns the stored one (``created`` False) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.roles import Capability
from phaodai.areas.enums import AgeBand, PopulationSource, UnitLevel
from phaodai.areas.models import AdminUnit, MapEra, PopulationCount
from phaodai.audit.models import AuditAction
from phaodai.audit.services import audit_record, created_changes, diff, snapshot
from phaodai.core.access import path_in_jurisdiction
from phaodai.core.text import normalize_name
from phaodai.people.duplicates import Identity, common_path, find_matches, record_candidates
from phaodai.people.enums import ChronicCondition, DuplicateStatus, Ethnicity, ResidenceStatus, Sex
from phaodai.people.export import people_export
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person
from phaodai.people.names import name_keys
from phaodai.people.selectors import age_band_birth_years
from phaodai.people.validators import cccd_facts, normalize_phone, validate_birth, validate_national_id

__all__ = [
    "PERSON_FIELDS",
    "duplicate_dismiss",
    "household_create",
    "household_update",
    "liaison_group_create",
    "liaison_group_update",
    "people_export",
    "person_create",
    "person_merge",
    "person_update",
    "population_count_from_registry",
]

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
_DERIVED_FIELDS = ("name_key", "name_tail_key", "given_name_key", "area_path", "is_high_risk", "updated_at")
_IDENTITY_FIELDS = {"full_name", "birth_year", "birth_date", "national_id", "phone", "residence_unit"}
HOUSEHOLD_FIELDS = ("code", "unit", "address", "liaison_group", "head")
LIAISON_GROUP_FIELDS = ("name", "unit", "leader")


# --- guards -------------------------------------------------------------------------------


def _require(actor: Any, capability: Capability) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.can(capability):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))


def _require_in_jurisdiction(actor: Any, path: str) -> None:
    if not path_in_jurisdiction(actor, path):
        raise PermissionDenied(_("Hồ sơ nằm ngoài địa bàn bạn phụ trách."))


def _unit_errors(actor: Any, unit: AdminUnit | None, *, what: str) -> list[str]:
    if unit is None:
        return [_("Hãy chọn %(what)s.") % {"what": what}]
    if not path_in_jurisdiction(actor, unit.path):
        return [_("%(unit)s nằm ngoài địa bàn bạn phụ trách.") % {"unit": unit.name}]
    if unit.level < UnitLevel.COMMUNE:
        return [_("Hãy chọn xã, phường hoặc thôn, tổ dân phố, không chọn cấp huyện, tỉnh.")]
    return []


def _existing_by_uuid(model: type[models.Model], actor: Any, uuid: UUID | None) -> Any:
    """The row a client already sent with this uuid, if any (idempotent offline sync)."""
    if uuid is None:
        return None
    existing = model._default_manager.filter(uuid=uuid).first()
    if existing is not None and not path_in_jurisdiction(actor, existing.area_path):
        raise ValidationError({"uuid": [_("Mã bản ghi này đã được dùng cho một hồ sơ khác.")]})
    return existing


# --- persons ------------------------------------------------------------------------------


def _clean_person(*, actor: Any, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Check and canonicalise a person's editable values; all errors at once, keyed by field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    cleaned = dict(values)
    cleaned["full_name"] = normalize_name(values["full_name"] or "")
    if not name_keys(cleaned["full_name"]).full:
        add("full_name", _("Họ và tên không được để trống."))
    if values["sex"] not in Sex.values:
        add("sex", _("Hãy chọn giới tính Nam hoặc Nữ."))
    for field, check in (("national_id", validate_national_id), ("phone", normalize_phone)):
        try:
            cleaned[field] = check(values[field] or "")
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
    try:
        validate_birth(values["birth_year"], values["birth_date"], today)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if values["birth_date"] is not None:
        cleaned["birth_year"] = values["birth_date"].year
    facts = cccd_facts(cleaned["national_id"]) if "national_id" not in errors else None
    if facts is not None:
        if (
            cleaned["birth_year"] is not None
            and "birth_year" not in errors
            and facts.birth_year != cleaned["birth_year"]
        ):
            add(
                "national_id",
                _("Số CCCD cho biết năm sinh %(cccd)d, khác với năm sinh đã nhập (%(year)d).")
                % {"cccd": facts.birth_year, "year": cleaned["birth_year"]},
            )
        if values["sex"] in Sex.values and facts.sex != values["sex"]:
            add(
                "national_id",
                _("Số CCCD cho biết giới tính %(cccd)s, khác với giới tính đã nhập.")
                % {"cccd": Sex(facts.sex).label},
            )
    unit: AdminUnit | None = values["residence_unit"]
    for message in _unit_errors(actor, unit, what=_("nơi cư trú")):
        add("residence_unit", message)
    household: Household | None = values["household"]
    if household is not None and unit is not None and household.unit_id != unit.pk:
        add(
            "household",
            _("Hộ %(household)s thuộc %(unit)s, khác nơi cư trú đã chọn.")
            % {"household": household, "unit": household.unit.name},
        )
    if values["ethnicity"] not in Ethnicity.values:
        add("ethnicity", _("Dân tộc không có trong danh mục."))
    if values["residence_status"] not in ResidenceStatus.values:
        add("residence_status", _("Tình trạng cư trú không hợp lệ."))
    cleaned["away_location"] = (values["away_location"] or "").strip()
    if values["residence_status"] == ResidenceStatus.AWAY and not cleaned["away_location"]:
        add("away_location", _("Cần ghi nơi đang ở, làm việc hoặc học tập khi nhân khẩu đang ở nơi khác."))
    conditions = list(dict.fromkeys(values["chronic_conditions"] or ()))
    unknown = [c for c in conditions if c not in ChronicCondition.values]
    if unknown:
        add(
            "chronic_conditions",
            _("Bệnh nền không có trong danh mục: %(values)s.") % {"values": ", ".join(unknown)},
        )
    cleaned["chronic_conditions"] = conditions
    cleaned["is_pregnant"] = bool(values["is_pregnant"])
    if cleaned["is_pregnant"] and values["sex"] == Sex.MALE:
        add("is_pregnant", _("Nam giới không thể đang mang thai."))
    cleaned["notes"] = (values["notes"] or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply_person(person: Person, cleaned: Mapping[str, Any]) -> None:
    """Set the editable values and everything derived from them."""
    for field, value in cleaned.items():
        setattr(person, field, value)
    keys = name_keys(person.full_name)
    person.name_key, person.name_tail_key, person.given_name_key = keys.full, keys.tail, keys.given
    person.area_path = person.residence_unit.path
    person.is_high_risk = bool(person.chronic_conditions) or person.is_pregnant


def _record_likely_duplicates(person: Person) -> None:
    matches = find_matches(
        base=Person.objects.all(), identity=Identity.of(person), exclude_pk=person.pk, limit=20
    )
    record_candidates(person=person, matches=matches)


@transaction.atomic
def person_create(
    *,
    actor: Any,
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
    _require(actor, Capability.EDIT_PEOPLE)
    existing = _existing_by_uuid(Person, actor, uuid)
    if existing is not None:
        return existing, False
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
    cleaned = _clean_person(actor=actor, values=values, today=timezone.localdate())
    person = Person(created_by=actor)
    if uuid is not None:
        person.uuid = uuid
    _apply_person(person, cleaned)
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # Two copies of one offline record arriving at once: the other one won.
        existing = _existing_by_uuid(Person, actor, uuid)
        if existing is None:
            raise
        return existing, False
    audit_record(
        actor=actor,
        action=AuditAction.CREATED,
        target=person,
        area_path=person.area_path,
        changes=created_changes(person, PERSON_FIELDS),
        summary=_("Thêm nhân khẩu"),
    )
    _record_likely_duplicates(person)
    return person, True


def _lock_person(person: Person) -> Person:
    return (
        Person.objects.select_for_update(of=("self",))
        .select_related("residence_unit", "household")
        .get(pk=person.pk)
    )


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    """Change some of a resident's fields (names as in ``PERSON_FIELDS``); returns the fresh record.

    Setting ``birth_date`` alone also sets the birth year. A person who leaves a
    household stops being its head. Nothing is written when nothing changes.
    """
    unknown = sorted(set(fields) - set(PERSON_FIELDS))
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {', '.join(unknown)}")
    _require(actor, Capability.EDIT_PEOPLE)
    person = _lock_person(person)
    _require_in_jurisdiction(actor, person.area_path)
    if person.merged_into_id is not None:
        raise ValidationError(_("Hồ sơ này đã được gộp vào hồ sơ khác; hãy sửa hồ sơ được giữ lại."))
    before = snapshot(person, PERSON_FIELDS)
    values = {field: getattr(person, field) for field in PERSON_FIELDS}
    values.update(fields)
    if fields.get("birth_date") is not None and "birth_year" not in fields:
        values["birth_year"] = None  # follows the new date
    cleaned = _clean_person(actor=actor, values=values, today=timezone.localdate())
    old_household_id = person.household_id
    _apply_person(person, cleaned)
    after = snapshot(person, PERSON_FIELDS)
    changes = diff(before, after)
    if not changes:
        return person
    person.full_clean()
    person.save(update_fields=[*changes, *_DERIVED_FIELDS])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATED,
        target=person,
        area_path=person.area_path,
        changes=changes,
        summary=_("Sửa thông tin nhân khẩu"),
    )
    if "household" in changes and old_household_id is not None:
        for household in Household.objects.select_for_update().filter(pk=old_household_id, head=person):
            _household_save(actor, household, {"head": None}, summary=_("Chủ hộ đã chuyển khỏi hộ"))
    if _IDENTITY_FIELDS & set(changes):
        _record_likely_duplicates(person)
    return person


# --- merging ------------------------------------------------------------------------------

_EMPTY: tuple[Any, ...] = ("", None, [])


def _references_to_person() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key in the project that points at a Person, found at run time.

    ``Person._meta.related_objects`` omits relations declared with ``related_name="+"``
    (``Household.head``, ``LiaisonGroup.leader``), so the hidden ones are asked for
    too. A many-to-many's auto-created through table appears as a plain foreign key
    and is moved like any other. ``merged_into`` is the merge itself; candidate pairs
    are carried over by ``_carry_candidates``.
    """
    found = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        field = relation.field  # type: ignore[union-attr]
        if field.model is Person and field.name == "merged_into":
            continue
        if field.model is DuplicateCandidate:
            continue
        found.append(field)
    return sorted(found, key=lambda f: (f.model._meta.label_lower, f.name))


def _repoint(field: models.ForeignKey[Any, Any], duplicate: Person, survivor: Person) -> tuple[int, int]:
    """Move rows of ``field`` from the duplicate to the survivor: (moved, kept).

    A row that would break a uniqueness rule (the survivor already has one, e.g. a
    one-to-one) stays on the duplicate, where history can still reach it.
    """
    manager = field.model._base_manager
    rows = manager.filter(**{field.name: duplicate})
    try:
        with transaction.atomic():
            return rows.update(**{field.name: survivor}), 0
    except IntegrityError:
        pass
    moved = kept = 0
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                moved += manager.filter(pk=pk).update(**{field.name: survivor})
        except IntegrityError:
            kept += 1
    return moved, kept


def _ordered(first: Person, second: Person) -> tuple[Person, Person]:
    return (first, second) if first.pk < second.pk else (second, first)


def _carry_candidates(*, actor: Any, survivor: Person, duplicate: Person) -> int:
    """Close the merged pair; move the duplicate's other open pairs to the survivor."""
    now = timezone.now()
    first, second = _ordered(survivor, duplicate)
    closed = DuplicateCandidate.objects.filter(first=first, second=second).update(
        status=DuplicateStatus.MERGED, resolved_at=now, resolved_by=actor
    )
    others = (
        DuplicateCandidate.objects.select_for_update()
        .filter(Q(first=duplicate) | Q(second=duplicate), status=DuplicateStatus.OPEN)
        .select_related("first", "second")
        .order_by("pk")
    )
    for candidate in others:
        other = candidate.second if candidate.first_id == duplicate.pk else candidate.first
        a, b = _ordered(survivor, other)
        if DuplicateCandidate.objects.filter(first=a, second=b).exists():
            candidate.status, candidate.resolved_at, candidate.resolved_by = (
                DuplicateStatus.MERGED,
                now,
                actor,
            )
            candidate.save(update_fields=["status", "resolved_at", "resolved_by"])
            closed += 1
        else:
            candidate.first, candidate.second = a, b
            candidate.area_path = common_path(a.area_path, b.area_path)
            candidate.save(update_fields=["first", "second", "area_path"])
    return closed


def _merged_values(survivor: Person, duplicate: Person, field_choices: Mapping[str, str]) -> dict[str, Any]:
    """The survivor's values, its empty ones filled from the duplicate, then the user's choices."""
    values = {field: getattr(survivor, field) for field in PERSON_FIELDS}
    for field in PERSON_FIELDS:
        choice = field_choices.get(field)
        theirs = getattr(duplicate, field)
        if choice == "duplicate":
            values[field] = theirs
        elif choice is None and values[field] in _EMPTY and theirs not in _EMPTY:
            if field == "birth_date" and theirs.year != values["birth_year"]:
                continue
            if field == "household" and theirs.unit_id != values["residence_unit"].pk:
                continue
            values[field] = theirs
    if "chronic_conditions" not in field_choices:
        values["chronic_conditions"] = list(
            dict.fromkeys([*survivor.chronic_conditions, *duplicate.chronic_conditions])
        )
    if field_choices.get("birth_date") == "duplicate" and "birth_year" not in field_choices:
        values["birth_year"] = duplicate.birth_year
    return values


@transaction.atomic
def person_merge(
    *, actor: Any, survivor: Person, duplicate: Person, field_choices: dict[str, str] | None = None
) -> Person:
    """Merge ``duplicate`` into ``survivor``; returns the survivor.

    Everything that points at the duplicate (households it heads, cases, doses… any
    model, found at run time) is moved to the survivor; the survivor's empty fields
    are filled from the duplicate, or taken from it where ``field_choices`` says
    ``{"phone": "duplicate"}``. The duplicate stays, pointing at the survivor, with
    its history readable. Candidate pairs are closed or carried over.
    """
    _require(actor, Capability.MERGE_PEOPLE)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Không thể gộp một hồ sơ vào chính nó."))
    field_choices = dict(field_choices or {})
    bad = sorted(
        f for f, v in field_choices.items() if f not in PERSON_FIELDS or v not in ("survivor", "duplicate")
    )
    if bad:
        raise ValidationError(
            {"field_choices": [_("Lựa chọn không hợp lệ cho: %(fields)s.") % {"fields": ", ".join(bad)}]}
        )
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update(of=("self",))
        .select_related("residence_unit", "household")
        .filter(pk__in=[survivor.pk, duplicate.pk])
        .order_by("pk")
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    _require_in_jurisdiction(actor, survivor.area_path)
    _require_in_jurisdiction(actor, duplicate.area_path)
    if duplicate.merged_into_id is not None:
        raise ValidationError(_("Hồ sơ cần gộp đã được gộp vào một hồ sơ khác trước đó."))
    if survivor.merged_into_id is not None:
        raise ValidationError(_("Hồ sơ được giữ lại đã bị gộp vào hồ sơ khác; hãy chọn hồ sơ còn hiệu lực."))
    if Person.objects.filter(merged_into=duplicate).exists():
        raise ValidationError(
            _("Đã có hồ sơ khác được gộp vào hồ sơ cần gộp; hãy giữ lại hồ sơ này để không tạo chuỗi gộp.")
        )

    before = snapshot(survivor, PERSON_FIELDS)
    cleaned = _clean_person(
        actor=actor, values=_merged_values(survivor, duplicate, field_choices), today=timezone.localdate()
    )
    _apply_person(survivor, cleaned)
    field_changes = diff(before, snapshot(survivor, PERSON_FIELDS))
    if field_changes:
        survivor.full_clean()
        survivor.save(update_fields=[*field_changes, *_DERIVED_FIELDS])

    moved: dict[str, int] = {}
    kept: dict[str, int] = {}
    for field in _references_to_person():
        n_moved, n_kept = _repoint(field, duplicate, survivor)
        label = f"{field.model._meta.label_lower}.{field.name}"
        if n_moved:
            moved[label] = n_moved
        if n_kept:
            kept[label] = n_kept
    closed = _carry_candidates(actor=actor, survivor=survivor, duplicate=duplicate)

    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MERGED,
        target=survivor,
        area_path=survivor.area_path,
        changes={
            "duplicate_id": duplicate.pk,
            "fields": field_changes,
            "moved": moved,
            "kept_on_duplicate": kept,
            "candidates_closed": closed,
        },
        summary=_("Gộp hồ sơ trùng #%(pk)d vào hồ sơ này") % {"pk": duplicate.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.MERGED_INTO,
        target=duplicate,
        area_path=duplicate.area_path,
        changes={"merged_into": [None, survivor.pk]},
        summary=_("Hồ sơ được gộp vào hồ sơ #%(pk)d") % {"pk": survivor.pk},
    )
    return survivor


@transaction.atomic
def duplicate_dismiss(*, actor: Any, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Mark a candidate pair as two different people; it will not be raised again."""
    _require(actor, Capability.MERGE_PEOPLE)
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    _require_in_jurisdiction(actor, candidate.area_path)
    if candidate.status != DuplicateStatus.OPEN:
        raise ValidationError(_("Cặp hồ sơ này đã được xử lý."))
    candidate.status = DuplicateStatus.DISMISSED
    candidate.resolved_at = timezone.now()
    candidate.resolved_by = actor
    candidate.save(update_fields=["status", "resolved_at", "resolved_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATED,
        target=candidate,
        area_path=candidate.area_path,
        changes={"status": [DuplicateStatus.OPEN.value, DuplicateStatus.DISMISSED.value]},
        summary=_("Xác nhận hai hồ sơ #%(a)d và #%(b)d không trùng")
        % {"a": candidate.first_id, "b": candidate.second_id},
    )
    return candidate


# --- households and inter-household groups -------------------------------------------------


def _clean_household(*, actor: Any, household: Household, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    unit: AdminUnit | None = values["unit"]
    unit_errors = _unit_errors(actor, unit, what=_("thôn, tổ dân phố của hộ"))
    if unit_errors:
        errors["unit"] = unit_errors
    cleaned = dict(values)
    cleaned["code"] = (values["code"] or "").strip().upper()
    cleaned["address"] = " ".join((values["address"] or "").split())
    if unit is not None and cleaned["code"]:
        taken = Household.objects.filter(unit=unit, code=cleaned["code"]).exclude(pk=household.pk)
        if taken.exists():
            errors["code"] = [
                _("Mã hộ %(code)s đã có ở %(unit)s.") % {"code": cleaned["code"], "unit": unit.name}
            ]
    group: LiaisonGroup | None = values["liaison_group"]
    if group is not None and unit is not None and not unit.path.startswith(group.area_path):
        errors["liaison_group"] = [_("Tổ liên gia %(group)s thuộc địa bàn khác.") % {"group": group.name}]
    head: Person | None = values["head"]
    if head is not None:
        if head.merged_into_id is not None:
            errors["head"] = [_("Hồ sơ này đã được gộp vào hồ sơ khác.")]
        elif household.pk is None and head.household_id is not None:
            errors["head"] = [_("%(name)s đang thuộc một hộ khác.") % {"name": head.full_name}]
        elif household.pk is not None and head.household_id != household.pk:
            errors["head"] = [_("Chủ hộ phải là thành viên của hộ.")]
        elif unit is not None and head.residence_unit_id != unit.pk:
            errors["head"] = [_("Chủ hộ phải cư trú tại %(unit)s.") % {"unit": unit.name}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _household_save(
    actor: Any, household: Household, changes_in: Mapping[str, Any], *, summary: str
) -> Household:
    before = snapshot(household, HOUSEHOLD_FIELDS)
    for field, value in changes_in.items():
        setattr(household, field, value)
    household.area_path = household.unit.path
    changes = diff(before, snapshot(household, HOUSEHOLD_FIELDS))
    if not changes:
        return household
    household.full_clean()
    household.save(update_fields=[*changes, "area_path", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATED,
        target=household,
        area_path=household.area_path,
        changes=changes,
        summary=summary,
    )
    return household


@transaction.atomic
def household_create(
    *,
    actor: Any,
    uuid: UUID | None = None,
    unit: AdminUnit,
    code: str = "",
    address: str = "",
    liaison_group: LiaisonGroup | None = None,
    head: Person | None = None,
) -> tuple[Household, bool]:
    """Register a household; the head (if given, not yet in a household) becomes its member."""
    _require(actor, Capability.EDIT_PEOPLE)
    existing = _existing_by_uuid(Household, actor, uuid)
    if existing is not None:
        return existing, False
    household = Household()
    if uuid is not None:
        household.uuid = uuid
    cleaned = _clean_household(
        actor=actor,
        household=household,
        values={"unit": unit, "code": code, "address": address, "liaison_group": liaison_group, "head": head},
    )
    for field, value in cleaned.items():
        setattr(household, field, value)
    household.area_path = unit.path
    household.full_clean()
    household.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATED,
        target=household,
        area_path=household.area_path,
        changes=created_changes(household, HOUSEHOLD_FIELDS),
        summary=_("Thêm hộ gia đình"),
    )
    if head is not None:
        person_update(actor=actor, person=head, household=household)
    return household, True


@transaction.atomic
def household_update(*, actor: Any, household: Household, **fields: Any) -> Household:
    """Change a household's code, address, inter-household group or head (a member)."""
    allowed = ("code", "address", "liaison_group", "head")
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"household_update() got unexpected fields: {', '.join(unknown)}")
    _require(actor, Capability.EDIT_PEOPLE)
    household = Household.objects.select_for_update().select_related("unit").get(pk=household.pk)
    _require_in_jurisdiction(actor, household.area_path)
    values = {field: getattr(household, field) for field in HOUSEHOLD_FIELDS}
    values.update(fields)
    cleaned = _clean_household(actor=actor, household=household, values=values)
    return _household_save(actor, household, cleaned, summary=_("Sửa thông tin hộ gia đình"))


def _clean_group(*, actor: Any, group: LiaisonGroup, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    unit: AdminUnit | None = values["unit"]
    unit_errors = _unit_errors(actor, unit, what=_("thôn, tổ dân phố của tổ liên gia"))
    if unit_errors:
        errors["unit"] = unit_errors
    cleaned = dict(values)
    cleaned["name"] = " ".join((values["name"] or "").split())
    if not cleaned["name"]:
        errors["name"] = [_("Tên tổ liên gia không được để trống.")]
    elif unit is not None:
        folded = name_keys(cleaned["name"]).full
        others = LiaisonGroup.objects.filter(unit=unit).exclude(pk=group.pk).values_list("name", flat=True)
        if any(name_keys(other).full == folded for other in others):
            errors["name"] = [
                _("Tổ liên gia “%(name)s” đã có ở %(unit)s.") % {"name": cleaned["name"], "unit": unit.name}
            ]
    leader: Person | None = values["leader"]
    if leader is not None and unit is not None:
        if leader.merged_into_id is not None:
            errors["leader"] = [_("Hồ sơ này đã được gộp vào hồ sơ khác.")]
        elif not leader.area_path.startswith(unit.path):
            errors["leader"] = [_("Tổ trưởng phải cư trú tại %(unit)s.") % {"unit": unit.name}]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def liaison_group_create(
    *, actor: Any, unit: AdminUnit, name: str, leader: Person | None = None
) -> LiaisonGroup:
    """Create an inter-household group (tổ liên gia tự quản) in a village or commune."""
    _require(actor, Capability.EDIT_PEOPLE)
    group = LiaisonGroup()
    cleaned = _clean_group(actor=actor, group=group, values={"unit": unit, "name": name, "leader": leader})
    for field, value in cleaned.items():
        setattr(group, field, value)
    group.area_path = unit.path
    group.full_clean()
    group.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATED,
        target=group,
        area_path=group.area_path,
        changes=created_changes(group, LIAISON_GROUP_FIELDS),
        summary=_("Thêm tổ liên gia"),
    )
    return group


@transaction.atomic
def liaison_group_update(*, actor: Any, group: LiaisonGroup, **fields: Any) -> LiaisonGroup:
    """Rename a group or change its leader."""
    unknown = sorted(set(fields) - {"name", "leader"})
    if unknown:
        raise TypeError(f"liaison_group_update() got unexpected fields: {', '.join(unknown)}")
    _require(actor, Capability.EDIT_PEOPLE)
    group = LiaisonGroup.objects.select_for_update().select_related("unit").get(pk=group.pk)
    _require_in_jurisdiction(actor, group.area_path)
    before = snapshot(group, LIAISON_GROUP_FIELDS)
    values = {field: getattr(group, field) for field in LIAISON_GROUP_FIELDS}
    values.update(fields)
    cleaned = _clean_group(actor=actor, group=group, values=values)
    for field, value in cleaned.items():
        setattr(group, field, value)
    changes = diff(before, snapshot(group, LIAISON_GROUP_FIELDS))
    if not changes:
        return group
    group.full_clean()
    group.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATED,
        target=group,
        area_path=group.area_path,
        changes=changes,
        summary=_("Sửa tổ liên gia"),
    )
    return group


# --- population from the registry ---------------------------------------------------------


@transaction.atomic
def population_count_from_registry(*, year: int, era: MapEra | None = None) -> int:
    """Count residents by unit × age band × sex and store them as ``PopulationCount(source=registry)``.

    Counted: records not merged away, living here permanently or temporarily
    (people away are counted where they are), born by 1 July of ``year``. The age
    is ``year − birth_year`` (the age on 1 July, as the birth year is all every
    record has). One aggregate query; the year's registry rows (of ``era``, if
    given) are replaced. Returns the number of rows written.
    """
    whens = []
    for band in AgeBand:
        oldest, youngest = age_band_birth_years(band, year)
        condition = Q(birth_year__lte=youngest)
        if oldest is not None:
            condition &= Q(birth_year__gte=oldest)
        whens.append(When(condition, then=Value(band.value)))
    band_of = Case(*whens, output_field=CharField())
    people = Person.objects.filter(
        merged_into__isnull=True,
        residence_status__in=[ResidenceStatus.PERMANENT, ResidenceStatus.TEMPORARY],
        birth_year__lte=year,
    ).exclude(birth_date__gt=dt.date(year, 7, 1))
    old = PopulationCount.objects.filter(source=PopulationSource.REGISTRY, year=year)
    if era is not None:
        people = people.filter(residence_unit__era=era)
        old = old.filter(unit__era=era)
    cells = (
        people.annotate(band=band_of)
        .values("residence_unit", "residence_unit__path", "band", "sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        PopulationCount(
            unit_id=cell["residence_unit"],
            unit_path=cell["residence_unit__path"],
            year=year,
            age_band=cell["band"],
            sex=cell["sex"],
            count=cell["n"],
            source=PopulationSource.REGISTRY,
        )
        for cell in cells
    ]
    old.delete()
    PopulationCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
