"""Screening sessions: a campaign in one unit on one day (a whole village, a market, a school)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unit_errors
from phaodai.labtests import events
from phaodai.labtests.enums import PlaceKind, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import TestSession
from phaodai.labtests.services import checks

SESSION_FIELDS = ("unit", "held_on", "place_kind", "place", "default_kind", "lab", "notes")
SESSION_EDITABLE = ("held_on", "place_kind", "place", "default_kind", "lab", "notes")


def _clean(actor: User, values: dict[str, Any], *, check_unit: bool) -> dict[str, Any]:
    errors: checks.Errors = {}
    if check_unit:
        found = unit_errors(
            actor, values["unit"], what=_("đơn vị tổ chức xét nghiệm"), min_level=UnitLevel.COMMUNE
        )
        if found:
            errors["unit"] = found
    values["place"] = (values.get("place") or "").strip()
    values["lab"] = (values.get("lab") or "").strip()
    values["notes"] = (values.get("notes") or "").strip()
    if not values["place"]:
        checks.add(
            errors, "place", _("Hãy ghi địa điểm (chợ, trường, thôn…)."), LabtestsErrorCode.PLACE_REQUIRED
        )
    if values.get("place_kind") not in PlaceKind.values:
        checks.add(errors, "place_kind", _("Hãy chọn loại địa điểm."), LabtestsErrorCode.PLACE_REQUIRED)
    if values.get("default_kind") not in (TestKind.RAPID_ANTIGEN, TestKind.RT_PCR):
        checks.add(
            errors,
            "default_kind",
            _("Một đợt xét nghiệm dùng test nhanh hoặc RT-PCR."),
            LabtestsErrorCode.RESULT_REQUIRED,
        )
    held_on = values.get("held_on")
    if held_on is None:
        checks.add(errors, "held_on", _("Hãy nhập ngày xét nghiệm."), LabtestsErrorCode.DATE_IN_FUTURE)
    elif held_on > checks.today():
        checks.add(
            errors,
            "held_on",
            _("Ngày xét nghiệm %(day)s ở sau hôm nay.") % {"day": checks.shown(held_on)},
            LabtestsErrorCode.DATE_IN_FUTURE,
        )
    if len(values["lab"]) > checks.LAB_MAX:
        checks.add(errors, "lab", _("Tên nơi xét nghiệm dài quá 120 ký tự."), LabtestsErrorCode.LAB_TOO_LONG)
    checks.raise_if(errors)
    return values


@transaction.atomic
def session_create(
    *,
    actor: User,
    uuid: UUID | None = None,
    unit: AdminUnit | None,
    held_on: dt.date | None,
    place_kind: str,
    place: str,
    default_kind: str = TestKind.RAPID_ANTIGEN,
    lab: str = "",
    notes: str = "",
) -> tuple[TestSession, bool]:
    """Open a screening session in a commune or village (``(session, created)``)."""
    require(actor, Capability.EDIT_TESTS)

    def create() -> TestSession:
        values = _clean(
            actor,
            {
                "unit": unit,
                "held_on": held_on,
                "place_kind": place_kind,
                "place": place,
                "default_kind": default_kind,
                "lab": lab,
                "notes": notes,
            },
            check_unit=True,
        )
        session = TestSession(**values)
        if uuid is not None:
            session.uuid = uuid
        return audited_create(session, actor=actor, event=events.SESSION_CREATED, fields=SESSION_FIELDS)

    return create_once(TestSession, actor=actor, uuid=uuid, create=create)


@transaction.atomic
def session_update(
    *, actor: User, session: TestSession, expected_version: int | None = None, **fields: Any
) -> TestSession:
    """Correct a session's day, place, test kind, lab or notes (its samples keep their own dates)."""
    unknown = sorted(set(fields) - set(SESSION_EDITABLE))
    if unknown:
        raise TypeError(f"session_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_TESTS)
    session = TestSession.objects.unscoped().select_for_update().get(pk=session.pk)
    require_in_jurisdiction(actor, session.area_path)
    check_version(session, expected_version)
    values = {name: getattr(session, name) for name in SESSION_EDITABLE}
    values.update(fields)
    values = _clean(actor, values, check_unit=False)
    audited_update(
        session,
        actor=actor,
        event=events.SESSION_UPDATED,
        fields=SESSION_EDITABLE,
        values=values,
        expected_version=expected_version,
    )
    return session
