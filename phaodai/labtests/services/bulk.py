"""Many samples of one screening with their results at once (a long paper list, the demo).

The same checks as ``sample_record`` for every line, all or nothing. A positive line (it may
propose a case) and a line of someone waiting on a pool's follow-up go through
``sample_record`` one by one; the others (the usual negative majority) are inserted in batches
(``core.bulk``: keys reserved, one prepared INSERT per table), with one audit row for the batch
naming every sample and result, and the testing figures moved by their sum, in the same
transaction: the counts stay equal to the records (``indicators.rebuild``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from phaodai.accounts.models import User
from phaodai.audit.services import audit_record
from phaodai.core.bulk import BulkWriter, reserve_ids
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction
from phaodai.labtests import events
from phaodai.labtests.enums import FollowUpStatus, ResultSource, ResultValue
from phaodai.labtests.models import FollowUp, Sample, TestResult, TestSession
from phaodai.labtests.services import checks
from phaodai.labtests.services.counting import counts_move, keys_of_result, keys_of_sample
from phaodai.labtests.services.results import sample_record
from phaodai.people.models import Person


@dataclass(frozen=True)
class ScreeningLine:
    """One person of the list and their result (the session's test kind and day)."""

    person: Person
    result: str
    symptoms: bool = False
    contact: bool = False
    epi_factors: bool = False


@transaction.atomic
def screening_bulk_record(*, actor: User, session: TestSession, lines: Sequence[ScreeningLine]) -> int:
    """Record every line of ``session`` with its result; the number of samples written.

    A line refused (outside the jurisdiction, a merged record, a result dated before its sample,
    a sample before the person's birth…) refuses the whole list with its reason: nothing saved.
    """
    require(actor, Capability.EDIT_TESTS)
    require_in_jurisdiction(actor, session.area_path)
    kind, day = session.default_kind, session.held_on
    result_on = checks.default_result_on(kind, day)
    for line in lines:
        errors: checks.Errors = {}
        checks.person_errors(actor, line.person, errors)
        checks.sample_date_errors(line.person, day, errors)
        checks.result_errors(
            kind=kind,
            sampled_on=day,
            result=line.result,
            result_on=result_on,
            ct_value=None,
            lab="",
            errors=errors,
        )
        checks.raise_if(errors)
    waiting = set(
        FollowUp.objects.unscoped()
        .filter(
            person_id__in=[line.person.pk for line in lines],
            status=FollowUpStatus.OPEN,
            pool__sampled_on__lte=day,
        )
        .values_list("person_id", flat=True)
    )
    alone = [line.result == ResultValue.POSITIVE or line.person.pk in waiting for line in lines]
    one_by_one = [line for line, single in zip(lines, alone, strict=True) if single]
    batch = [line for line, single in zip(lines, alone, strict=True) if not single]
    sample_ids, result_ids = reserve_ids(Sample, len(batch)), reserve_ids(TestResult, len(batch))
    writer = BulkWriter([Sample, TestResult])
    keys = []
    for line, sample_id, result_id in zip(batch, sample_ids, result_ids, strict=True):
        sample = Sample(
            pk=sample_id,
            unit=session.unit,
            person=line.person,
            session=session,
            kind=kind,
            sampled_on=day,
            symptoms=line.symptoms,
            contact=line.contact,
            epi_factors=line.epi_factors,
        )
        sample.derive_area()
        record = TestResult(
            pk=result_id,
            unit=session.unit,
            person=line.person,
            sample=sample,
            kind=kind,
            sampled_on=day,
            result=line.result,
            result_on=result_on,
            lab=session.lab.strip(),
            source=ResultSource.ENTRY,
        )
        record.derive_area()
        writer.add_instance(sample)
        writer.add_instance(record)
        keys.extend([*keys_of_sample(sample), *keys_of_result(record)])
    writer.flush(force=True)
    counts_move([], keys)
    if batch:
        audit_record(
            actor=actor,
            event=events.SCREENING_RECORDED,
            target=None,
            target_type=Sample._meta.label_lower,
            area_path=session.area_path,
            params={"n": len(batch)},
            changes={"session": session.pk, "samples": list(sample_ids), "results": list(result_ids)},
        )
    for line in one_by_one:
        sample_record(
            actor=actor,
            person=line.person,
            session=session,
            result=line.result,
            symptoms=line.symptoms,
            contact=line.contact,
            epi_factors=line.epi_factors,
        )
    return len(lines)
