"""Pooled samples: up to ``PHAODAI_POOL_MAX`` people tested as one.

A negative pool gives each member a negative result (source ``pool``); a positive (or
invalid) pool puts every member on the follow-up list (``FollowUp``) for a single test,
which takes them off it when its result is recorded (``results._follow_ups_close``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unit_errors
from phaodai.labtests import events
from phaodai.labtests.enums import ResultSource, ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import FollowUp, Pool, Sample, TestSession
from phaodai.labtests.services import checks
from phaodai.labtests.services.counting import counts_move, keys_of_pool
from phaodai.labtests.services.results import _result_create, sample_record
from phaodai.people.models import Person

POOL_FIELDS = ("unit", "session", "code", "kind", "sampled_on", "result", "result_on", "lab", "ct_value")


def pool_max() -> int:
    return int(settings.PHAODAI_POOL_MAX)


@transaction.atomic
def pool_create(
    *,
    actor: User,
    uuid: UUID | None = None,
    session: TestSession | None = None,
    unit: AdminUnit | None = None,
    kind: str | None = None,
    sampled_on: dt.date | None = None,
    code: str = "",
) -> tuple[Pool, bool]:
    """A new, empty pool (in ``session``, or in ``unit`` on ``sampled_on``)."""
    require(actor, Capability.EDIT_TESTS)

    def create() -> Pool:
        errors: checks.Errors = {}
        if session is not None:
            require_in_jurisdiction(actor, session.area_path)
        where = session.unit if session is not None else unit
        found = unit_errors(actor, where, what=_("đơn vị"), min_level=UnitLevel.COMMUNE)
        if found:
            errors["unit"] = found
        chosen = kind or (session.default_kind if session is not None else TestKind.RT_PCR)
        if chosen not in (TestKind.RAPID_ANTIGEN, TestKind.RT_PCR):
            checks.add(
                errors,
                "kind",
                _("Mẫu gộp xét nghiệm bằng RT-PCR hoặc test nhanh."),
                LabtestsErrorCode.POOL_KIND,
            )
        day = sampled_on or (session.held_on if session is not None else None)
        checks.sample_date_errors(None, day, errors)
        checks.raise_if(errors)
        if where is None or day is None:  # reported above
            raise ValueError("checked above")
        pool = Pool(unit=where, session=session, kind=chosen, sampled_on=day, code=code.strip())
        if uuid is not None:
            pool.uuid = uuid
        audited_create(pool, actor=actor, event=events.POOL_CREATED, fields=POOL_FIELDS)
        counts_move([], keys_of_pool(pool))
        return pool

    return create_once(Pool, actor=actor, uuid=uuid, create=create)


@transaction.atomic
def pool_add_member(
    *,
    actor: User,
    pool: Pool,
    person: Person | None,
    uuid: UUID | None = None,
    symptoms: bool = False,
    contact: bool = False,
    epi_factors: bool = False,
) -> Sample:
    """Add a person's swab to a pool that has no result yet and room left."""
    require(actor, Capability.EDIT_TESTS)
    pool = (
        Pool.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("session", "unit")
        .get(pk=pool.pk)
    )
    require_in_jurisdiction(actor, pool.area_path)
    errors: checks.Errors = {}
    if pool.result:
        checks.add(
            errors,
            "person",
            _("Mẫu gộp đã có kết quả; không thêm người được nữa."),
            LabtestsErrorCode.POOL_HAS_RESULT,
        )
    members = Sample.objects.unscoped().filter(pool=pool)
    if members.count() >= pool_max():
        checks.add(
            errors,
            "person",
            _("Mẫu gộp đã đủ %(n)d người; hãy tạo mẫu gộp mới.") % {"n": pool_max()},
            LabtestsErrorCode.POOL_FULL,
        )
    if person is not None and members.filter(person=person).exists():
        checks.add(
            errors,
            "person",
            _("%(name)s đã có trong mẫu gộp này.") % {"name": person.full_name},
            LabtestsErrorCode.ALREADY_IN_POOL,
        )
    checks.raise_if(errors)
    sample, created = sample_record(
        actor=actor,
        uuid=uuid,
        person=person,
        session=pool.session,
        kind=pool.kind,
        sampled_on=pool.sampled_on,
        symptoms=symptoms,
        contact=contact,
        epi_factors=epi_factors,
        pool=pool,
    )
    if created:
        audit_record(
            actor=actor,
            event=events.POOL_MEMBER_ADDED,
            target=pool,
            area_path=pool.area_path,
            params={"person": sample.person_id, "sample": sample.pk},
        )
    return sample


@transaction.atomic
def pool_result_record(
    *,
    actor: User,
    pool: Pool,
    result: str,
    result_on: dt.date | None = None,
    lab: str = "",
    ct_value: Decimal | None = None,
    expected_version: int | None = None,
) -> Pool:
    """Record a pool's result: negative → each member negative; positive or invalid → follow-up list."""
    require(actor, Capability.EDIT_TESTS)
    pool = Pool.objects.unscoped().select_for_update(of=("self",)).select_related("unit").get(pk=pool.pk)
    require_in_jurisdiction(actor, pool.area_path)
    check_version(pool, expected_version)
    members = list(
        Sample.objects.unscoped().filter(pool=pool).select_related("person", "unit").order_by("pk")
    )
    errors: checks.Errors = {}
    if pool.result:
        checks.add(errors, "result", _("Mẫu gộp này đã có kết quả."), LabtestsErrorCode.POOL_HAS_RESULT)
    if not members:
        checks.add(errors, "result", _("Mẫu gộp chưa có người nào."), LabtestsErrorCode.POOL_EMPTY)
    day = result_on or checks.default_result_on(pool.kind, pool.sampled_on)
    checks.result_errors(
        kind=pool.kind,
        sampled_on=pool.sampled_on,
        result=result,
        result_on=day,
        ct_value=ct_value,
        lab=lab,
        errors=errors,
    )
    checks.raise_if(errors)
    before = keys_of_pool(pool)
    audited_update(
        pool,
        actor=actor,
        event=events.POOL_RESULT_RECORDED,
        fields=("result", "result_on", "lab", "ct_value"),
        values={"result": result, "result_on": day, "lab": lab.strip(), "ct_value": ct_value},
        params={"members": len(members)},
        expected_version=expected_version,
    )
    counts_move(before, keys_of_pool(pool))
    if result == ResultValue.NEGATIVE:
        for sample in members:
            _result_create(
                actor=actor,
                sample=sample,
                result=ResultValue.NEGATIVE,
                result_on=day,
                ct_value=None,
                lab=pool.lab,
                source=ResultSource.POOL,
                pool=pool,
            )
    else:
        for sample in members:
            follow_up = FollowUp(unit=pool.unit, person=sample.person, pool=pool)
            audited_create(
                follow_up, actor=actor, event=events.POOL_RESULT_RECORDED, fields=("unit", "person", "pool")
            )
    return pool


def pool_member_count(pool: Pool) -> int:
    return Sample.objects.unscoped().filter(pool=pool).count()
