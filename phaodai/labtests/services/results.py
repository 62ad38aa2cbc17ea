"""Samples and results: taking a sample, recording, correcting and deleting a result.

Every write checks ``EDIT_TESTS`` and the jurisdiction, applies ``checks`` (a result dated
before its sample is refused, in Vietnamese, and nothing is saved), writes its audit row,
moves the figures (``counting``) and keeps the follow-up list and the case proposals in step,
all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction
from phaodai.labtests import events
from phaodai.labtests.enums import FollowUpStatus, ResultSource, ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import FollowUp, Pool, Sample, TestResult, TestSession
from phaodai.labtests.services import checks
from phaodai.labtests.services.counting import counts_move, keys_of_result, keys_of_sample
from phaodai.labtests.services.proposals import proposal_consider, proposals_result_changed
from phaodai.people.models import Person

SAMPLE_FIELDS = (
    "unit",
    "person",
    "session",
    "pool",
    "kind",
    "sampled_on",
    "sampled_at",
    "code",
    "symptoms",
    "contact",
    "epi_factors",
    "notes",
)
RESULT_FIELDS = (
    "unit",
    "person",
    "sample",
    "kind",
    "sampled_on",
    "result",
    "result_on",
    "ct_value",
    "lab",
    "pool",
    "source",
)
RESULT_EDITABLE = ("result", "result_on", "ct_value", "lab", "sampled_on")


@transaction.atomic
def sample_record(
    *,
    actor: User,
    uuid: UUID | None = None,
    person: Person | None,
    session: TestSession | None = None,
    kind: str | None = None,
    sampled_on: dt.date | None = None,
    sampled_at: dt.time | None = None,
    code: str = "",
    symptoms: bool = False,
    contact: bool = False,
    epi_factors: bool = False,
    notes: str = "",
    result: str = "",
    result_on: dt.date | None = None,
    ct_value: Decimal | None = None,
    lab: str = "",
    source: str = ResultSource.ENTRY,
    pool: Pool | None = None,
) -> tuple[Sample, bool]:
    """Take a sample of ``person`` (in ``session`` if given) and, if ``result`` is given, its result.

    ``kind`` and ``sampled_on`` default to the session's; the sample is filed in the session's
    unit, or the person's place of residence. ``(sample, created)``: the same ``uuid`` again
    returns the stored sample and writes nothing.
    """
    require(actor, Capability.EDIT_TESTS)

    def create() -> Sample:
        errors: checks.Errors = {}
        checks.person_errors(actor, person, errors)
        if session is not None:
            require_in_jurisdiction(actor, session.area_path)
        chosen_kind = kind or (session.default_kind if session is not None else "")
        day = sampled_on or (session.held_on if session is not None else None)
        if chosen_kind not in TestKind.values:
            checks.add(errors, "kind", _("Hãy chọn loại xét nghiệm."), LabtestsErrorCode.RESULT_REQUIRED)
        checks.sample_date_errors(person, day, errors)
        if result:
            checks.result_errors(
                kind=chosen_kind,
                sampled_on=day,
                result=result,
                result_on=result_on,
                ct_value=ct_value,
                lab=lab,
                errors=errors,
            )
        checks.raise_if(errors)
        if person is None or day is None:  # reported above
            raise ValueError("checked above")
        if pool is not None:
            where = pool.unit
        else:
            where = session.unit if session is not None else person.residence_unit
        sample = Sample(
            unit=where,
            person=person,
            session=session,
            pool=pool,
            kind=chosen_kind,
            sampled_on=day,
            sampled_at=sampled_at,
            code=code.strip(),
            symptoms=symptoms,
            contact=contact,
            epi_factors=epi_factors,
            notes=notes.strip(),
        )
        if uuid is not None:
            sample.uuid = uuid
        audited_create(sample, actor=actor, event=events.SAMPLE_TAKEN, fields=SAMPLE_FIELDS)
        counts_move([], keys_of_sample(sample))
        if result:
            _result_create(
                actor=actor,
                sample=sample,
                result=result,
                result_on=result_on or checks.default_result_on(sample.kind, sample.sampled_on),
                ct_value=ct_value,
                lab=lab or (session.lab if session is not None else ""),
                source=source,
            )
        return sample

    return create_once(Sample, actor=actor, uuid=uuid, create=create)


@transaction.atomic
def result_record(
    *,
    actor: User,
    sample: Sample,
    result: str,
    result_on: dt.date | None = None,
    ct_value: Decimal | None = None,
    lab: str = "",
    source: str = ResultSource.ENTRY,
) -> TestResult:
    """Record the result of a single (not pooled) sample that has none yet."""
    require(actor, Capability.EDIT_TESTS)
    sample = (
        Sample.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=sample.pk)
    )
    require_in_jurisdiction(actor, sample.area_path)
    errors: checks.Errors = {}
    if TestResult.objects.unscoped().filter(sample=sample).exists():
        checks.add(
            errors,
            "result",
            _("Mẫu này đã có kết quả; hãy sửa kết quả đó."),
            LabtestsErrorCode.SAMPLE_HAS_RESULT,
        )
    if sample.pool_id is not None:
        checks.add(
            errors,
            "result",
            _("Mẫu này nằm trong mẫu gộp: kết quả được ghi cho cả mẫu gộp."),
            LabtestsErrorCode.POOLED_SAMPLE,
        )
    checks.result_errors(
        kind=sample.kind,
        sampled_on=sample.sampled_on,
        result=result,
        result_on=result_on,
        ct_value=ct_value,
        lab=lab,
        errors=errors,
    )
    checks.raise_if(errors)
    return _result_create(
        actor=actor,
        sample=sample,
        result=result,
        result_on=result_on or checks.default_result_on(sample.kind, sample.sampled_on),
        ct_value=ct_value,
        lab=lab,
        source=source,
    )


def _result_create(
    *,
    actor: User,
    sample: Sample,
    result: str,
    result_on: dt.date,
    ct_value: Decimal | None,
    lab: str,
    source: str,
    pool: Any = None,
) -> TestResult:
    record = TestResult(
        unit_id=sample.unit_id,
        person=sample.person,
        sample=sample,
        kind=sample.kind,
        sampled_on=sample.sampled_on,
        result=result,
        result_on=result_on,
        ct_value=ct_value,
        lab=lab.strip(),
        pool=pool,
        source=source,
    )
    record.unit = sample.unit
    audited_create(record, actor=actor, event=events.RESULT_RECORDED, fields=RESULT_FIELDS)
    counts_move([], keys_of_result(record))
    _follow_ups_close(actor=actor, result=record)
    if record.result == ResultValue.POSITIVE:
        proposal_consider(actor=actor, result=record)
    return record


def _follow_ups_close(*, actor: User, result: TestResult) -> None:
    """A single test of a positive pool's member takes them off the follow-up list."""
    if result.pool_id is not None or result.result == ResultValue.INVALID:
        return
    waiting = (
        FollowUp.objects.unscoped()
        .select_for_update()
        .filter(
            person_id=result.person_id, status=FollowUpStatus.OPEN, pool__sampled_on__lte=result.sampled_on
        )
    )
    for follow_up in waiting:
        audited_update(
            follow_up,
            actor=actor,
            event=events.FOLLOW_UP_DONE,
            fields=("status", "result"),
            values={"status": FollowUpStatus.DONE, "result": result},
        )


def _follow_ups_reopen(*, actor: User, result: TestResult) -> None:
    for follow_up in FollowUp.objects.unscoped().select_for_update().filter(result=result):
        audited_update(
            follow_up,
            actor=actor,
            event=events.FOLLOW_UP_DONE,
            fields=("status", "result"),
            values={"status": FollowUpStatus.OPEN, "result": None},
        )


@transaction.atomic
def result_update(
    *, actor: User, record: TestResult, expected_version: int | None = None, **fields: Any
) -> TestResult:
    """Correct a result ``record``: its value (``result``), result date, Ct, lab, or the day the
    sample was taken."""
    unknown = sorted(set(fields) - set(RESULT_EDITABLE))
    if unknown:
        raise TypeError(f"result_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_TESTS)
    record = (
        TestResult.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("sample", "person", "unit")
        .get(pk=record.pk)
    )
    require_in_jurisdiction(actor, record.area_path)
    check_version(record, expected_version)
    values = {name: getattr(record, name) for name in RESULT_EDITABLE}
    values.update(fields)
    values["lab"] = (values["lab"] or "").strip()
    errors: checks.Errors = {}
    if values["sampled_on"] != record.sampled_on:
        if record.pool_id is not None:
            checks.add(
                errors,
                "sampled_on",
                _("Ngày lấy mẫu của mẫu gộp được sửa ở mẫu gộp, không sửa riêng từng người."),
                LabtestsErrorCode.POOLED_SAMPLE,
            )
        checks.sample_date_errors(record.person, values["sampled_on"], errors)
    checks.result_errors(
        kind=record.kind,
        sampled_on=values["sampled_on"],
        result=values["result"],
        result_on=values["result_on"],
        ct_value=values["ct_value"],
        lab=values["lab"],
        errors=errors,
    )
    if values["result_on"] is None:
        checks.add(errors, "result_on", _("Hãy nhập ngày có kết quả."), LabtestsErrorCode.RESULT_REQUIRED)
    checks.raise_if(errors)
    before = keys_of_result(record)
    sample = record.sample
    sample_before = keys_of_sample(sample)
    changes = audited_update(
        record,
        actor=actor,
        event=events.RESULT_UPDATED,
        fields=RESULT_EDITABLE,
        values=values,
        expected_version=expected_version,
    )
    if not changes:
        return record
    if "sampled_on" in changes:
        sample = Sample.objects.unscoped().select_for_update().get(pk=sample.pk)
        audited_update(
            sample,
            actor=actor,
            event=events.RESULT_UPDATED,
            fields=("sampled_on",),
            values={"sampled_on": record.sampled_on},
        )
        counts_move(sample_before, keys_of_sample(sample))
    counts_move(before, keys_of_result(record))
    if "result" in changes or "sampled_on" in changes:
        proposals_result_changed(actor=actor, result=record)
        _follow_ups_reopen(actor=actor, result=record)
        _follow_ups_close(actor=actor, result=record)
    return record


@transaction.atomic
def result_delete(
    *, actor: User, result: TestResult, expected_version: int | None = None, reason: str = ""
) -> None:
    """Delete a result entered by mistake (the sample stays, waiting for its result)."""
    require(actor, Capability.EDIT_TESTS)
    record = (
        TestResult.objects.unscoped().select_for_update(of=("self",)).select_related("unit").get(pk=result.pk)
    )
    require_in_jurisdiction(actor, record.area_path)
    check_version(record, expected_version)
    _result_remove(actor=actor, record=record, reason=reason)


def _result_remove(*, actor: User, record: TestResult, reason: str) -> None:
    proposals_result_changed(actor=actor, result=record, deleting=True)
    _follow_ups_reopen(actor=actor, result=record)
    counts_move(keys_of_result(record), [])
    audit_record(
        actor=actor,
        event=events.RESULT_DELETED,
        target=record,
        area_path=record.area_path,
        changes={name: [value, None] for name, value in _snapshot(record).items()},
        params={"pk": record.pk, "person": record.person_id},
        reason=reason,
    )
    record.delete()


def _snapshot(record: TestResult) -> dict[str, Any]:
    from phaodai.audit.services import snapshot

    return snapshot(record, ("kind", "sampled_on", "result", "result_on", "ct_value", "lab"))


@transaction.atomic
def sample_delete(
    *, actor: User, sample: Sample, expected_version: int | None = None, reason: str = ""
) -> None:
    """Delete a sample entered by mistake, with its result if it has one."""
    require(actor, Capability.EDIT_TESTS)
    record = Sample.objects.unscoped().select_for_update().get(pk=sample.pk)
    require_in_jurisdiction(actor, record.area_path)
    check_version(record, expected_version)
    if record.pool_id is not None and record.pool is not None and record.pool.result:
        raise ValidationError(
            _("Mẫu gộp đã có kết quả; không xoá được người trong mẫu gộp."),
            code=LabtestsErrorCode.POOL_HAS_RESULT,
        )
    existing = TestResult.objects.unscoped().select_for_update().filter(sample=record).first()
    if existing is not None:
        _result_remove(actor=actor, record=existing, reason=reason)
    counts_move(keys_of_sample(record), [])
    audit_record(
        actor=actor,
        event=events.SAMPLE_DELETED,
        target=record,
        area_path=record.area_path,
        params={"pk": record.pk, "person": record.person_id},
        reason=reason,
    )
    record.delete()
