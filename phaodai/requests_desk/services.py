"""Writes of the request desk: receiving a request (public form, phone call), its handling.

Every write validates with Vietnamese messages and ``RequestsErrorCode``s, writes its audit row
in the same transaction, and an urgent request alerts the officer on duty of its unit at once
(``Recipient.on_duty(request.unit)``, resolved by the command app to whoever is on shift when the
alert is sent).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from phaodai.accounts.models import User
from phaodai.alerts.enums import Severity
from phaodai.alerts.services import Recipient, alert_raise
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.access import has_capability, in_jurisdiction
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction, unit_errors
from phaodai.people.models import Household, Person
from phaodai.people.validators import normalize_phone
from phaodai.requests_desk import events
from phaodai.requests_desk.enums import (
    CLOSED_STATUSES,
    RequestCategory,
    RequestChannel,
    RequestStatus,
    Urgency,
)
from phaodai.requests_desk.errors import RequestsErrorCode
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.receipts import new_code

REQUEST_FIELDS = (
    "unit",
    "category",
    "urgency",
    "status",
    "channel",
    "description",
    "requester_name",
    "requester_phone",
    "person",
    "household",
    "assigned_to",
    "resolution",
)
ALERT_REASON = "requests_desk.urgent"
# Which status may follow which (a closed request stays closed).
NEXT_STATUSES: dict[str, frozenset[str]] = {
    RequestStatus.NEW: frozenset({RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS, *CLOSED_STATUSES}),
    RequestStatus.ASSIGNED: frozenset({RequestStatus.IN_PROGRESS, *CLOSED_STATUSES}),
    RequestStatus.IN_PROGRESS: frozenset(CLOSED_STATUSES),
}
_UNSET: Any = object()


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _clean_contact(*, name: str, phone: str, description: str) -> dict[str, str]:
    errors: dict[str, list[ValidationError]] = {}
    name = " ".join((name or "").split())
    description = (description or "").strip()
    if not name:
        errors["requester_name"] = [
            ValidationError(_("Hãy nhập họ tên người yêu cầu."), code=RequestsErrorCode.NAME_REQUIRED)
        ]
    if not description:
        errors["description"] = [
            ValidationError(_("Hãy viết nội dung yêu cầu."), code=RequestsErrorCode.DESCRIPTION_REQUIRED)
        ]
    try:
        phone = normalize_phone(phone or "")
    except ValidationError:
        errors["requester_phone"] = [
            ValidationError(
                _("Số điện thoại không hợp lệ: hãy nhập 10 chữ số, ví dụ 0912345678."),
                code=RequestsErrorCode.PHONE_INVALID,
            )
        ]
    if errors:
        raise ValidationError(errors)
    return {"requester_name": name, "requester_phone": phone, "description": description}


def _urgency_of(category: str, urgency: str) -> str:
    """Transport to hospital is always urgent; otherwise as chosen."""
    return Urgency.URGENT if category == RequestCategory.HOSPITAL_TRANSPORT else urgency


def _insert(request: ResidentRequest, *, actor: User | None) -> ResidentRequest:
    """Insert with a fresh receipt code (drawn again in the rare case it is taken)."""
    for _attempt in range(5):
        request.receipt_code = new_code()
        try:
            with transaction.atomic():
                return audited_create(
                    request,
                    actor=actor,
                    event=events.REQUEST_RECEIVED,
                    fields=REQUEST_FIELDS,
                    params={"code": request.receipt_code},
                )
        except IntegrityError:
            if not ResidentRequest.objects.unscoped().filter(receipt_code=request.receipt_code).exists():
                raise
    raise IntegrityError("no free receipt code after 5 draws")


def alert_on_duty(request: ResidentRequest, *, now: dt.datetime | None = None) -> None:
    """The officer on duty of the request's unit at ``now`` is alerted (an urgent request)."""
    alert_raise(
        now=now,
        recipients=[Recipient.on_duty(request.unit)],
        severity=Severity.URGENT,
        subject=gettext_noop("Yêu cầu khẩn của người dân, mã %(code)s, tại %(unit)s"),
        params={"code": request.receipt_display, "unit": request.unit.name},
        reason=ALERT_REASON,
        target=request,
        body=request.description[:300],
        link=reverse("requests_desk:detail", kwargs={"request_id": request.pk}),
        unit=request.unit,
        escalate=False,
    )


def public_units_ok(unit: AdminUnit | None) -> list[ValidationError]:
    if unit is None or unit.level < UnitLevel.COMMUNE:
        return [ValidationError(_("Hãy chọn xã (và thôn) nơi bạn ở."), code=RequestsErrorCode.UNIT_INVALID)]
    return []


@transaction.atomic
def request_submit_public(
    *,
    unit: AdminUnit | None,
    category: str,
    description: str,
    requester_name: str,
    requester_phone: str,
    urgency: str = Urgency.NORMAL,
    now: dt.datetime | None = None,
) -> ResidentRequest:
    """A request a resident sends on the public form (no login): received as new, no actor."""
    problems = public_units_ok(unit)
    if problems or unit is None:
        raise ValidationError({"unit": problems})
    contact = _clean_contact(name=requester_name, phone=requester_phone, description=description)
    if not contact["requester_phone"]:
        raise _error(
            "requester_phone",
            _("Hãy nhập số điện thoại để cán bộ gọi lại cho bạn."),
            RequestsErrorCode.PHONE_INVALID,
        )
    request = ResidentRequest(
        unit=unit,
        category=category,
        urgency=_urgency_of(category, urgency),
        channel=RequestChannel.PUBLIC_FORM,
        received_at=now or timezone.now(),
        **contact,
    )
    _insert(request, actor=None)
    if request.urgency == Urgency.URGENT:
        alert_on_duty(request, now=now)
    return request


@transaction.atomic
def request_create(
    *,
    actor: User,
    unit: AdminUnit | None,
    category: str,
    description: str,
    requester_name: str = "",
    requester_phone: str = "",
    urgency: str = Urgency.NORMAL,
    person: Person | None = None,
    household: Household | None = None,
    channel: str = RequestChannel.PHONE_CALL,
    now: dt.datetime | None = None,
) -> ResidentRequest:
    """A request the officer on duty enters from a phone call (or any channel but the public form).

    A resident found in the registry gives the name, phone and household when left blank.
    """
    require(actor, Capability.HANDLE_REQUESTS)
    found = unit_errors(actor, unit, what=_("xã hoặc thôn của người yêu cầu"), min_level=UnitLevel.COMMUNE)
    if found or unit is None:
        raise ValidationError({"unit": found})
    _check_person(actor, person, household)
    if person is not None:
        requester_name = requester_name or person.full_name
        requester_phone = requester_phone or person.phone
        household = household or person.household
    contact = _clean_contact(name=requester_name, phone=requester_phone, description=description)
    request = ResidentRequest(
        unit=unit,
        category=category,
        urgency=_urgency_of(category, urgency),
        channel=channel,
        person=person,
        household=household,
        received_at=now or timezone.now(),
        received_by=actor,
        **contact,
    )
    _insert(request, actor=actor)
    if request.urgency == Urgency.URGENT:
        alert_on_duty(request, now=now)
    return request


def _check_person(actor: User, person: Person | None, household: Household | None) -> None:
    for field, record in (("person", person), ("household", household)):
        if record is not None and not in_jurisdiction(actor, record.area_path):
            raise _error(
                field, _("Hồ sơ này nằm ngoài địa bàn bạn phụ trách."), RequestsErrorCode.PERSON_OUTSIDE
            )


def assignee_errors(request: ResidentRequest, assignee: User | None) -> list[ValidationError]:
    """Why ``assignee`` may not handle ``request`` (an empty list: they may)."""
    if assignee is None:
        return [ValidationError(_("Hãy chọn người xử lý."), code=RequestsErrorCode.ASSIGNEE_REQUIRED)]
    if not has_capability(assignee, Capability.HANDLE_REQUESTS) or not in_jurisdiction(
        assignee, request.area_path
    ):
        return [
            ValidationError(
                _("%(name)s không phụ trách địa bàn của yêu cầu này.")
                % {"name": assignee.get_full_name() or assignee.username},
                code=RequestsErrorCode.ASSIGNEE_OUTSIDE,
            )
        ]
    return []


@transaction.atomic
def request_update(
    *,
    actor: User,
    request: ResidentRequest,
    expected_version: int | None,
    status: str | None = None,
    assigned_to: Any = _UNSET,
    resolution: str | None = None,
    urgency: str | None = None,
    category: str | None = None,
    person: Any = _UNSET,
    now: dt.datetime | None = None,
) -> ResidentRequest:
    """Handle a request: assign it, start it, resolve or reject it (with the resolution), link the
    resident found in the registry, change its urgency or category.

    A closed request is not changed again. Assigning a new request makes it "assigned"; closing
    needs the resolution and records when and by whom (the time to resolve). A request made
    urgent alerts the officer on duty. ``expected_version``: an edit on an older version is
    refused with what changed (``StaleRecordError``).
    """
    require(actor, Capability.HANDLE_REQUESTS)
    request = ResidentRequest.objects.unscoped().select_for_update().select_related("unit").get(pk=request.pk)
    require_in_jurisdiction(actor, request.area_path)
    check_version(request, expected_version)
    if not request.is_open:
        raise ValidationError(
            _("Yêu cầu này đã đóng (%(status)s); không sửa được nữa.")
            % {"status": request.get_status_display()},
            code=RequestsErrorCode.CLOSED,
        )
    values: dict[str, Any] = {}
    now = now or timezone.now()
    if category is not None:
        values["category"] = category
    new_urgency = _urgency_of(category or request.category, urgency or request.urgency)
    values["urgency"] = new_urgency
    if person is not _UNSET:
        _check_person(actor, person, None)
        values["person"] = person
        if person is not None:
            values["household"] = person.household
    if assigned_to is not _UNSET:
        problems = assignee_errors(request, assigned_to)
        if problems:
            raise ValidationError({"assigned_to": problems})
        values["assigned_to"] = assigned_to
        request.assigned_at = now
        if status is None and request.status == RequestStatus.NEW:
            status = RequestStatus.ASSIGNED
    if status is not None and status != request.status:
        _check_status(request, status, values, resolution)
        values["status"] = status
        if status in CLOSED_STATUSES:
            values["resolution"] = (resolution or "").strip()
            request.resolved_at = now
            request.resolved_by = actor
    elif resolution is not None:
        values["resolution"] = resolution.strip()
    event = events.REQUEST_UPDATED
    if values.get("status") in CLOSED_STATUSES:
        event = events.REQUEST_CLOSED
    elif "assigned_to" in values:
        event = events.REQUEST_ASSIGNED
    was_urgent = request.urgency == Urgency.URGENT
    audited_update(
        request,
        actor=actor,
        event=event,
        fields=REQUEST_FIELDS,
        values=values,
        derived=("assigned_at", "resolved_at", "resolved_by"),
        expected_version=expected_version,
    )
    if new_urgency == Urgency.URGENT and not was_urgent and request.is_open:
        alert_on_duty(request, now=now)
    return request


def _check_status(
    request: ResidentRequest, status: str, values: dict[str, Any], resolution: str | None
) -> None:
    if status not in NEXT_STATUSES.get(request.status, frozenset()):
        label = RequestStatus(status).label if status in RequestStatus.values else status
        raise _error(
            "status",
            _("Không chuyển được từ «%(now)s» sang «%(next)s».")
            % {"now": request.get_status_display(), "next": label},
            RequestsErrorCode.STATUS_NOT_ALLOWED,
        )
    if status == RequestStatus.ASSIGNED and values.get("assigned_to", request.assigned_to) is None:
        raise _error("assigned_to", _("Hãy chọn người xử lý."), RequestsErrorCode.ASSIGNEE_REQUIRED)
    if status in CLOSED_STATUSES and not (resolution or "").strip():
        raise _error(
            "resolution",
            _("Hãy ghi kết quả giải quyết (hoặc lý do không giải quyết)."),
            RequestsErrorCode.RESOLUTION_REQUIRED,
        )
