"""One line of a screening's fast entry: the person (found, or new and registered minimally) and the test."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.core.services import existing_by_uuid
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import Sample, TestSession
from phaodai.labtests.services.results import sample_record
from phaodai.people.models import Person
from phaodai.people.services import person_create

# people's field → the entry line's field
_NEW_FIELDS = {
    "full_name": "who",
    "sex": "new_sex",
    "birth_year": "new_birth_year",
    "birth_date": "new_birth_year",
    "residence_unit": "new_village",
}


@dataclass(frozen=True)
class NewPerson:
    """A resident not yet in the registry, as typed on the line: name, sex, birth year, village."""

    full_name: str
    sex: str
    birth_year: int | None
    residence_unit: AdminUnit | None


@transaction.atomic
def screening_entry(
    *,
    actor: User,
    session: TestSession,
    uuid: UUID | None = None,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    kind: str = "",
    result: str = "",
    ct_value: Decimal | None = None,
    symptoms: bool = False,
    contact: bool = False,
    epi_factors: bool = False,
) -> tuple[Sample, bool]:
    """Sample (and, for a rapid test read on the spot, result) of one person of a screening.

    A ``new_person`` is registered through ``people.services.person_create`` (its rules: the
    village, the name, sex and birth year) in the same transaction, so a line refused for its
    test registers nobody. Errors are keyed by the line's fields (``who``, ``new_sex``…).
    """
    stored = existing_by_uuid(Sample, actor, uuid)
    if stored is not None:  # the line sent again (a double Enter, a retry): nothing new
        return stored, False
    if person is None and new_person is None:
        raise ValidationError(
            {
                "who": [
                    ValidationError(
                        _("Hãy chọn người trong danh sách gợi ý, hoặc chọn «Người mới»."),
                        code=LabtestsErrorCode.PERSON_REQUIRED,
                    )
                ]
            }
        )
    if new_person is not None:
        if new_person.residence_unit is None:
            raise ValidationError(
                {
                    "new_village": [
                        ValidationError(
                            _("Hãy chọn thôn, tổ dân phố nơi người mới cư trú."),
                            code=LabtestsErrorCode.PERSON_REQUIRED,
                        )
                    ]
                }
            )
        try:
            person, _created = person_create(
                actor=actor,
                full_name=new_person.full_name,
                sex=new_person.sex,
                birth_year=new_person.birth_year,
                residence_unit=new_person.residence_unit,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(
                {_NEW_FIELDS.get(name, "who"): problems for name, problems in error.error_dict.items()}
            ) from error
    return sample_record(
        actor=actor,
        uuid=uuid,
        person=person,
        session=session,
        kind=kind or session.default_kind,
        result=result,
        ct_value=ct_value,
        symptoms=symptoms,
        contact=contact,
        epi_factors=epi_factors,
    )
