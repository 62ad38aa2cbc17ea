from typing import Any

from django.db.models import QuerySet

from phaodai.areas.models import AdminUnit
from phaodai.core.access import get_or_404, has_capability
from phaodai.core.roles import Capability
from tests.throwaway.models import FieldNote


def notes_for(*, user: Any, unit: AdminUnit | None = None) -> QuerySet[FieldNote]:
    if not has_capability(user, Capability.VIEW_PEOPLE):
        return FieldNote.objects.none()
    notes = FieldNote.objects.for_user(user).select_related("unit")
    return notes.within(unit.path) if unit is not None else notes


def note_get_for_user(*, user: Any, note_id: int) -> FieldNote:
    return get_or_404(FieldNote.objects.for_user(user).select_related("unit"), pk=note_id)


def note_count(*, user: Any, unit: AdminUnit | None) -> int:
    return notes_for(user=user, unit=unit).count()
