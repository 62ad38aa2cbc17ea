"""Merging two records of one person, and dismissing a candidate pair."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, ForeignObjectRel, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.audit.services import audit_record, diff, snapshot
from phaodai.core.models import AreaScopedModel
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction
from phaodai.people import events
from phaodai.people.duplicates import common_path
from phaodai.people.enums import DuplicateStatus
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.hooks import MergedRows, merge_handlers
from phaodai.people.models import DuplicateCandidate, Person
from phaodai.people.services.persons import DERIVED_FIELDS, PERSON_FIELDS, clean_person, derive_person

_EMPTY: tuple[Any, ...] = ("", None, [])


def _references_to_person() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key in the project that points at a Person, found at run time.

    ``Person._meta.related_objects`` omits relations declared with ``related_name="+"``
    (``Household.head``, ``LiaisonGroup.leader``), so the hidden ones are asked for
    too. A many-to-many's auto-created through table appears as a plain foreign key
    and is moved like any other. ``merged_into`` is the merge itself; candidate pairs
    are carried over by ``_carry_candidates``.
    """
    found: list[models.ForeignKey[Any, Any]] = []
    for relation in Person._meta.get_fields(include_hidden=True):
        # Only the reverse side of another model's relation (auto-created, not concrete), and
        # not a many-to-many's: its through table's foreign key is listed on its own.
        if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
            continue
        # A reverse many-to-one or one-to-one: the other side is a foreign key to Person.
        field = cast("models.ForeignKey[Any, Any]", relation.field)
        if field.model is Person and field.name == "merged_into":
            continue
        if field.model is DuplicateCandidate:
            continue
        found.append(field)
    return sorted(found, key=lambda f: (f.model._meta.label_lower, f.name))


def _repoint(
    field: models.ForeignKey[Any, Any], duplicate: Person, survivor: Person
) -> tuple[list[int], int]:
    """Move rows of ``field`` from the duplicate to the survivor: (moved pks, kept).

    A row that would break a uniqueness rule (the survivor already has one, e.g. a
    one-to-one) stays on the duplicate, where history can still reach it. A moved row of a
    versioned model (``AreaScopedModel``) counts as changed: its version and change time move,
    so an editor holding the old version is told, and offline clients fetch it again.
    """
    manager = field.model._base_manager
    pks = list(manager.filter(**{field.name: duplicate}).order_by("pk").values_list("pk", flat=True))
    if not pks:
        return [], 0
    change: dict[str, Any] = {field.name: survivor}
    if issubclass(field.model, AreaScopedModel):
        change.update(version=F("version") + 1, updated_at=timezone.now())
    try:
        with transaction.atomic():
            manager.filter(pk__in=pks).update(**change)
        return pks, 0
    except IntegrityError:
        pass
    moved: list[int] = []
    for pk in pks:
        try:
            with transaction.atomic():
                manager.filter(pk=pk).update(**change)
            moved.append(pk)
        except IntegrityError:
            continue
    return moved, len(pks) - len(moved)


def _ordered(first: Person, second: Person) -> tuple[Person, Person]:
    return (first, second) if first.pk < second.pk else (second, first)


def _carry_candidates(*, actor: User, survivor: Person, duplicate: Person) -> int:
    """Close the merged pair; move the duplicate's other open pairs to the survivor."""
    now = timezone.now()
    first, second = _ordered(survivor, duplicate)
    pairs = DuplicateCandidate.objects.unscoped()
    closed = pairs.filter(first=first, second=second).update(
        status=DuplicateStatus.MERGED, resolved_at=now, resolved_by=actor
    )
    others = (
        pairs.select_for_update()
        .filter(Q(first=duplicate) | Q(second=duplicate), status=DuplicateStatus.OPEN)
        .select_related("first", "second")
        .order_by("pk")
    )
    for candidate in others:
        other = candidate.second if candidate.first_id == duplicate.pk else candidate.first
        a, b = _ordered(survivor, other)
        if pairs.filter(first=a, second=b).exists():
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
    *, actor: User, survivor: Person, duplicate: Person, field_choices: dict[str, str] | None = None
) -> Person:
    """Merge ``duplicate`` into ``survivor``; returns the survivor.

    Everything that points at the duplicate (households it heads, cases, doses… any
    model, found at run time) is moved to the survivor, and the app that owns the rows is
    told (``people.hooks``); the survivor's empty fields are filled from the duplicate, or
    taken from it where ``field_choices`` says ``{"phone": "duplicate"}``. The duplicate
    stays, pointing at the survivor, with its history readable. Candidate pairs are
    closed or carried over.
    """
    require(actor, Capability.MERGE_PEOPLE)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Không thể gộp một hồ sơ vào chính nó."), code=PeopleErrorCode.MERGE_SELF)
    field_choices = dict(field_choices or {})
    bad = sorted(
        f for f, v in field_choices.items() if f not in PERSON_FIELDS or v not in ("survivor", "duplicate")
    )
    if bad:
        raise ValidationError(
            {
                "field_choices": [
                    ValidationError(
                        _("Lựa chọn không hợp lệ cho: %(fields)s.") % {"fields": ", ".join(bad)},
                        code=PeopleErrorCode.MERGE_CHOICE_INVALID,
                    )
                ]
            }
        )
    locked = {
        p.pk: p
        for p in Person.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("residence_unit", "household")
        .filter(pk__in=[survivor.pk, duplicate.pk])
        .order_by("pk")
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    require_in_jurisdiction(actor, survivor.area_path)
    require_in_jurisdiction(actor, duplicate.area_path)
    if duplicate.merged_into_id is not None:
        raise ValidationError(
            _("Hồ sơ cần gộp đã được gộp vào một hồ sơ khác trước đó."), code=PeopleErrorCode.MERGED_RECORD
        )
    if survivor.merged_into_id is not None:
        raise ValidationError(
            _("Hồ sơ được giữ lại đã bị gộp vào hồ sơ khác; hãy chọn hồ sơ còn hiệu lực."),
            code=PeopleErrorCode.MERGED_RECORD,
        )
    if Person.objects.unscoped().filter(merged_into=duplicate).exists():
        raise ValidationError(
            _("Đã có hồ sơ khác được gộp vào hồ sơ cần gộp; hãy giữ lại hồ sơ này để không tạo chuỗi gộp."),
            code=PeopleErrorCode.MERGE_CHAIN,
        )

    before = snapshot(survivor, PERSON_FIELDS)
    cleaned = clean_person(
        actor=actor,
        values=_merged_values(survivor, duplicate, field_choices),
        today=timezone.localdate(),
        record=survivor,
        merging=duplicate,
    )
    # The duplicate is merged away first: a national ID it hands to the survivor stays on one
    # record in use (the merged-away record keeps its number, as history).
    duplicate.merged_into = survivor
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "updated_at", "version"])
    for name, value in cleaned.items():
        setattr(survivor, name, value)
    derive_person(survivor)
    field_changes = diff(before, snapshot(survivor, PERSON_FIELDS))
    if field_changes:
        survivor.full_clean()
        survivor.version += 1
        survivor.save(update_fields=[*field_changes, *DERIVED_FIELDS, "updated_at", "version"])

    moved: dict[str, int] = {}
    kept: dict[str, int] = {}
    reactions: list[MergedRows] = []
    for field in _references_to_person():
        moved_pks, n_kept = _repoint(field, duplicate, survivor)
        label = f"{field.model._meta.label_lower}.{field.name}"
        if moved_pks:
            moved[label] = len(moved_pks)
            reactions.append(
                MergedRows(
                    actor=actor,
                    survivor=survivor,
                    duplicate=duplicate,
                    model=field.model,
                    field=field.name,
                    pks=tuple(moved_pks),
                )
            )
        if n_kept:
            kept[label] = n_kept
    closed = _carry_candidates(actor=actor, survivor=survivor, duplicate=duplicate)
    audit_record(
        actor=actor,
        event=events.PERSON_MERGED,
        target=survivor,
        area_path=survivor.area_path,
        changes={
            "duplicate_id": duplicate.pk,
            "fields": field_changes,
            "moved": moved,
            "kept_on_duplicate": kept,
            "candidates_closed": closed,
        },
        params={"pk": duplicate.pk},
    )
    audit_record(
        actor=actor,
        event=events.PERSON_MERGED_INTO,
        target=duplicate,
        area_path=duplicate.area_path,
        changes={"merged_into": [None, survivor.pk]},
        params={"pk": survivor.pk},
    )
    # The owning apps react last, when both records are in their final state.
    for rows in reactions:
        for handler in merge_handlers(rows.model, rows.field):
            handler(rows)
    return survivor


@transaction.atomic
def duplicate_dismiss(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Mark a candidate pair as two different people; it will not be raised again."""
    require(actor, Capability.MERGE_PEOPLE)
    candidate = DuplicateCandidate.objects.unscoped().select_for_update().get(pk=candidate.pk)
    require_in_jurisdiction(actor, candidate.area_path)
    if candidate.status != DuplicateStatus.OPEN:
        raise ValidationError(_("Cặp hồ sơ này đã được xử lý."), code=PeopleErrorCode.PAIR_RESOLVED)
    candidate.status = DuplicateStatus.DISMISSED
    candidate.resolved_at = timezone.now()
    candidate.resolved_by = actor
    candidate.save(update_fields=["status", "resolved_at", "resolved_by"])
    audit_record(
        actor=actor,
        event=events.DUPLICATE_DISMISSED,
        target=candidate,
        area_path=candidate.area_path,
        changes={"status": [DuplicateStatus.OPEN.value, DuplicateStatus.DISMISSED.value]},
        params={"a": candidate.first_id, "b": candidate.second_id},
    )
    return candidate
