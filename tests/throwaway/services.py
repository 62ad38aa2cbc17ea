from typing import Any

from django.db import transaction

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create
from phaodai.core.roles import Capability
from phaodai.core.services import require, unit_errors
from phaodai.people.hooks import MergedRows
from phaodai.people.models import Person
from tests.throwaway import events
from tests.throwaway.models import FieldNote


@transaction.atomic
def note_create(*, actor: Any, unit: AdminUnit, text: str, person: Person | None = None) -> FieldNote:
    require(actor, Capability.EDIT_PEOPLE)
    errors = unit_errors(actor, unit, what="nơi ghi chép", min_level=UnitLevel.COMMUNE)
    if errors:
        from django.core.exceptions import ValidationError

        raise ValidationError({"unit": errors})
    note = FieldNote(unit=unit, text=text, person=person)
    return audited_create(note, actor=actor, event=events.NOTE_CREATED, fields=("unit", "text", "person"))


def note_person_merged(rows: MergedRows) -> None:
    """The merge moved notes to the survivor: each note writes its own audit row."""
    for note in FieldNote.objects.unscoped().filter(pk__in=rows.pks):
        note.derive_area()
        note.save(update_fields=["area_path", "updated_at"])
        audit_record(
            actor=rows.actor,
            event=events.NOTE_PERSON_MERGED,
            target=note,
            area_path=note.area_path,
            changes={"person": [rows.duplicate.pk, rows.survivor.pk]},
            params={"duplicate": rows.duplicate.pk, "survivor": rows.survivor.pk},
        )
