"""Writes of the command app: bodies, members, shifts (all audited, Vietnamese refusals).

Every service checks the capability (``MANAGE_COMMAND``) and the jurisdiction, validates with
codes of ``CommandErrorCode`` and writes its audit row in the same transaction. Roster
generation and swaps live in ``command.roster``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create, audited_update
from phaodai.command import events
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import CommandCentre, Member, Shift, SteeringCommittee
from phaodai.core.access import in_jurisdiction
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unique_or_error, unit_errors
from phaodai.people.models import Person
from phaodai.people.validators import normalize_phone

BODY_FIELDS = ("unit", "name", "established_on", "decision_number", "functions", "notes")
CENTRE_SETTINGS = (
    "shift_hours",
    "day_starts_at",
    "max_hours_in_row",
    "min_rest_hours",
    "officers_per_shift",
    "leader_required",
)
CENTRE_FIELDS = (*BODY_FIELDS, *CENTRE_SETTINGS)
MEMBER_FIELDS = (
    "full_name",
    "position",
    "office",
    "office_detail",
    "phone",
    "duties",
    "area_unit",
    "area_note",
    "user",
    "person",
    "takes_shifts",
    "active",
    "order",
)
SHIFT_FIELDS = ("member", "starts_at", "ends_at", "leads", "note")
# The earliest establishment date accepted: the first national steering committee (30/1/2020).
EARLIEST_ESTABLISHMENT = dt.date(2020, 1, 30)
# A single shift longer than this is a typing mistake, whatever the centre's settings.
LONGEST_SHIFT = dt.timedelta(hours=48)


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _clean_body(
    *, actor: User, body: CommandCentre | SteeringCommittee, values: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    unit: AdminUnit | None = values.get("unit")
    found = unit_errors(
        actor,
        unit,
        what=_("đơn vị"),
        min_level=UnitLevel.PROVINCE,
    )
    if not found and unit is not None and unit.level > UnitLevel.COMMUNE:
        found = [
            ValidationError(
                _("Ban Chỉ đạo và Trung tâm Chỉ huy được lập ở cấp tỉnh, huyện hoặc xã, không ở thôn."),
                code=CommandErrorCode.UNIT_HAS_BODY,
            )
        ]
    if found:
        errors["unit"] = found
    cleaned = dict(values)
    cleaned["name"] = " ".join((values.get("name") or "").split())
    if not cleaned["name"]:
        errors["name"] = [ValidationError(_("Hãy nhập tên."), code=CommandErrorCode.NAME_REQUIRED)]
    established: dt.date | None = values.get("established_on")
    if established is not None and established > today:
        errors["established_on"] = [
            ValidationError(
                _("Ngày thành lập không thể ở tương lai."), code=CommandErrorCode.ESTABLISHED_FUTURE
            )
        ]
    elif established is not None and established < EARLIEST_ESTABLISHMENT:
        errors["established_on"] = [
            ValidationError(
                _("Ngày thành lập trước ngày %(date)s: hãy kiểm tra lại.")
                % {"date": EARLIEST_ESTABLISHMENT.strftime("%d/%m/%Y")},
                code=CommandErrorCode.ESTABLISHED_TOO_EARLY,
            )
        ]
    if unit is not None and "unit" not in errors:
        model = type(body)
        taken = model.objects.unscoped().filter(unit=unit).exclude(pk=body.pk)
        if taken.exists():
            errors["unit"] = [_taken_error(body, unit)]
    if isinstance(body, CommandCentre):
        hours = values.get("shift_hours", body.shift_hours)
        longest = values.get("max_hours_in_row", body.max_hours_in_row)
        if hours and longest and hours > longest:
            errors["shift_hours"] = [
                ValidationError(
                    _("Một ca (%(shift)d giờ) dài hơn số giờ trực liên tục tối đa (%(max)d giờ).")
                    % {"shift": hours, "max": longest},
                    code=CommandErrorCode.SETTINGS_INVALID,
                )
            ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _taken_error(body: CommandCentre | SteeringCommittee, unit: AdminUnit) -> ValidationError:
    if isinstance(body, CommandCentre):
        message = _("%(unit)s đã có Trung tâm Chỉ huy.") % {"unit": unit.name}
    else:
        message = _("%(unit)s đã có Ban Chỉ đạo.") % {"unit": unit.name}
    return ValidationError(message, code=CommandErrorCode.UNIT_HAS_BODY)


def _body_create(
    model: type[CommandCentre] | type[SteeringCommittee],
    *,
    actor: User,
    uuid: UUID | None,
    values: dict[str, Any],
    fields: tuple[str, ...],
) -> Any:
    require(actor, Capability.MANAGE_COMMAND)
    event = events.CENTRE_CREATED if model is CommandCentre else events.COMMITTEE_CREATED

    def create() -> Any:
        body = model(uuid=uuid) if uuid is not None else model()
        cleaned = _clean_body(actor=actor, body=body, values=values, today=timezone.localdate())
        for name, value in cleaned.items():
            setattr(body, name, value)
        unit = cleaned["unit"]
        return unique_or_error(
            lambda: audited_create(body, actor=actor, event=event, fields=fields),
            taken=lambda: model.objects.unscoped().filter(unit=unit).exists(),
            error=lambda: ValidationError({"unit": [_taken_error(body, unit)]}),
        )

    with transaction.atomic():
        return create_once(model, actor=actor, uuid=uuid, create=create)


def centre_create(*, actor: User, uuid: UUID | None = None, **values: Any) -> tuple[CommandCentre, bool]:
    """Record a unit's command centre (``established_on`` None: to be established).

    Returns ``(centre, created)``: a uuid already sent returns the stored centre."""
    result: tuple[CommandCentre, bool] = _body_create(
        CommandCentre, actor=actor, uuid=uuid, values=values, fields=CENTRE_FIELDS
    )
    return result


def committee_create(
    *, actor: User, uuid: UUID | None = None, **values: Any
) -> tuple[SteeringCommittee, bool]:
    """Record a unit's steering committee; ``(committee, created)``."""
    result: tuple[SteeringCommittee, bool] = _body_create(
        SteeringCommittee, actor=actor, uuid=uuid, values=values, fields=BODY_FIELDS
    )
    return result


def _body_update(
    body: CommandCentre | SteeringCommittee,
    *,
    actor: User,
    expected_version: int | None,
    values: dict[str, Any],
    fields: tuple[str, ...],
    reason: str = "",
) -> dict[str, list[Any]]:
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, body.area_path)
    event = events.CENTRE_UPDATED if isinstance(body, CommandCentre) else events.COMMITTEE_UPDATED
    with transaction.atomic():
        locked = type(body).objects.unscoped().select_for_update().get(pk=body.pk)
        merged = {name: getattr(locked, name) for name in fields} | values
        cleaned = _clean_body(actor=actor, body=locked, values=merged, today=timezone.localdate())
        changes = audited_update(
            locked,
            actor=actor,
            event=event,
            fields=fields,
            values={k: cleaned[k] for k in values},
            expected_version=expected_version,
            reason=reason,
        )
        if "unit" in changes:
            Member.objects.unscoped().filter(**{_body_key(locked): locked}).update(
                unit=locked.unit, area_path=locked.area_path
            )
            if isinstance(locked, CommandCentre):
                Shift.objects.unscoped().filter(centre=locked).update(
                    unit=locked.unit, area_path=locked.area_path
                )
    body.refresh_from_db()
    return changes


def _body_key(body: CommandCentre | SteeringCommittee) -> str:
    return "centre" if isinstance(body, CommandCentre) else "committee"


def centre_update(
    *, actor: User, centre: CommandCentre, expected_version: int | None, reason: str = "", **values: Any
) -> dict[str, list[Any]]:
    return _body_update(
        centre,
        actor=actor,
        expected_version=expected_version,
        values=values,
        fields=CENTRE_FIELDS,
        reason=reason,
    )


def committee_update(
    *,
    actor: User,
    committee: SteeringCommittee,
    expected_version: int | None,
    reason: str = "",
    **values: Any,
) -> dict[str, list[Any]]:
    return _body_update(
        committee,
        actor=actor,
        expected_version=expected_version,
        values=values,
        fields=BODY_FIELDS,
        reason=reason,
    )


# --- members ---------------------------------------------------------------------------------


def _clean_member(
    *, actor: User, body: CommandCentre | SteeringCommittee, values: dict[str, Any]
) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned = dict(values)
    cleaned["full_name"] = " ".join((values.get("full_name") or "").split())
    if not cleaned["full_name"]:
        errors["full_name"] = [
            ValidationError(_("Hãy nhập họ và tên thành viên."), code=CommandErrorCode.FULL_NAME_REQUIRED)
        ]
    try:
        cleaned["phone"] = normalize_phone(values.get("phone") or "")
    except ValidationError as exc:
        errors["phone"] = [ValidationError(exc.messages[0], code=CommandErrorCode.PHONE_INVALID)]
    area: AdminUnit | None = values.get("area_unit")
    if area is not None and not area.path.startswith(body.area_path):
        errors["area_unit"] = [
            ValidationError(
                _("%(area)s không thuộc %(unit)s.") % {"area": area.name, "unit": body.unit.name},
                code=CommandErrorCode.AREA_OUTSIDE,
            )
        ]
    user: User | None = values.get("user")
    if user is not None:
        home = user.home_unit
        inside = home is not None and (
            home.path.startswith(body.area_path) or body.area_path.startswith(home.path)
        )
        if not inside or not in_jurisdiction(actor, home.path if home is not None else ""):
            errors["user"] = [
                ValidationError(
                    _("Tài khoản %(user)s không thuộc địa bàn của %(body)s.")
                    % {"user": user.username, "body": body.name},
                    code=CommandErrorCode.USER_OUTSIDE,
                )
            ]
    person: Person | None = values.get("person")
    if person is not None and not in_jurisdiction(actor, person.area_path):
        errors["person"] = [
            ValidationError(
                _("Nhân khẩu này nằm ngoài địa bàn bạn phụ trách."), code=CommandErrorCode.PERSON_OUTSIDE
            )
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def member_create(
    *,
    actor: User,
    body: CommandCentre | SteeringCommittee,
    uuid: UUID | None = None,
    **values: Any,
) -> tuple[Member, bool]:
    """Add a member to a command centre or a steering committee; ``(member, created)``."""
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, body.area_path)

    def create() -> Member:
        cleaned = _clean_member(actor=actor, body=body, values=values)
        member = Member(unit=body.unit, **{_body_key(body): body})
        if uuid is not None:
            member.uuid = uuid
        for name, value in cleaned.items():
            setattr(member, name, value)
        return audited_create(member, actor=actor, event=events.MEMBER_CREATED, fields=MEMBER_FIELDS)

    with transaction.atomic():
        return create_once(Member, actor=actor, uuid=uuid, create=create)


def member_update(
    *, actor: User, member: Member, expected_version: int | None, reason: str = "", **values: Any
) -> dict[str, list[Any]]:
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, member.area_path)
    with transaction.atomic():
        locked = (
            Member.objects.unscoped()
            # only the member's row: PostgreSQL refuses to lock the nullable side of an outer join
            .select_for_update(of=("self",))
            .select_related("centre", "committee")
            .get(pk=member.pk)
        )
        merged = {name: getattr(locked, name) for name in MEMBER_FIELDS} | values
        cleaned = _clean_member(actor=actor, body=locked.body, values=merged)
        changes = audited_update(
            locked,
            actor=actor,
            event=events.MEMBER_UPDATED,
            fields=MEMBER_FIELDS,
            values={k: cleaned[k] for k in values},
            expected_version=expected_version,
            reason=reason,
        )
    member.refresh_from_db()
    return changes


# --- shifts ----------------------------------------------------------------------------------


def clean_shift_times(
    starts_at: dt.datetime | None, ends_at: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime]:
    """Refuse a shift without both times, ending before (or when) it starts, or absurdly long."""
    if starts_at is None or ends_at is None:
        field = "starts_at" if starts_at is None else "ends_at"
        raise _error(
            field, _("Hãy nhập giờ bắt đầu và giờ kết thúc ca trực."), CommandErrorCode.SHIFT_TIME_REQUIRED
        )
    if ends_at <= starts_at:
        raise _error(
            "ends_at",
            _("Ca trực phải kết thúc sau khi bắt đầu (kết thúc %(end)s, bắt đầu %(start)s).")
            % {
                "end": timezone.localtime(ends_at).strftime("%H:%M %d/%m/%Y"),
                "start": timezone.localtime(starts_at).strftime("%H:%M %d/%m/%Y"),
            },
            CommandErrorCode.SHIFT_ENDS_BEFORE_START,
        )
    if ends_at - starts_at > LONGEST_SHIFT:
        raise _error(
            "ends_at",
            _("Một ca trực không thể dài quá %(hours)d giờ.")
            % {"hours": LONGEST_SHIFT // dt.timedelta(hours=1)},
            CommandErrorCode.SHIFT_TOO_LONG,
        )
    return starts_at, ends_at


def _clean_member_for_shift(centre: CommandCentre, member: Member | None) -> Member:
    if member is None or member.centre_id != centre.pk:
        raise _error(
            "member",
            _("Người trực phải là thành viên của %(centre)s.") % {"centre": centre.name},
            CommandErrorCode.MEMBER_OTHER_CENTRE,
        )
    if not member.active:
        raise _error(
            "member",
            _("%(name)s không còn là thành viên.") % {"name": member.full_name},
            CommandErrorCode.MEMBER_INACTIVE,
        )
    return member


def shift_create(
    *,
    actor: User,
    centre: CommandCentre,
    member: Member | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    leads: bool | None = None,
    note: str = "",
    uuid: UUID | None = None,
) -> tuple[Shift, bool]:
    """Put a member of the centre on duty (``leads`` defaults to whether they may lead);
    ``(shift, created)``."""
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, centre.area_path)
    start, end = clean_shift_times(starts_at, ends_at)
    on_duty = _clean_member_for_shift(centre, member)

    def create() -> Shift:
        shift = Shift(
            unit=centre.unit,
            centre=centre,
            member=on_duty,
            starts_at=start,
            ends_at=end,
            leads=on_duty.is_leader if leads is None else bool(leads and on_duty.is_leader),
            note=" ".join(note.split()),
        )
        if uuid is not None:
            shift.uuid = uuid
        return audited_create(shift, actor=actor, event=events.SHIFT_CREATED, fields=SHIFT_FIELDS)

    with transaction.atomic():
        return create_once(Shift, actor=actor, uuid=uuid, create=create)


def shift_update(
    *, actor: User, shift: Shift, expected_version: int | None, reason: str = "", **values: Any
) -> dict[str, list[Any]]:
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, shift.area_path)
    with transaction.atomic():
        locked = (
            Shift.objects.unscoped().select_for_update().select_related("centre", "member").get(pk=shift.pk)
        )
        merged = {name: getattr(locked, name) for name in SHIFT_FIELDS} | values
        clean_shift_times(merged["starts_at"], merged["ends_at"])
        member = _clean_member_for_shift(locked.centre, merged["member"])
        if "leads" in values or "member" in values:
            values["leads"] = bool(merged["leads"] and member.is_leader)
        if "note" in values:
            values["note"] = " ".join((values["note"] or "").split())
        changes = audited_update(
            locked,
            actor=actor,
            event=events.SHIFT_UPDATED,
            fields=SHIFT_FIELDS,
            values=values,
            expected_version=expected_version,
            reason=reason,
        )
    shift.refresh_from_db()
    return changes


def shift_delete(*, actor: User, shift: Shift, expected_version: int | None = None, reason: str = "") -> None:
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, shift.area_path)
    from phaodai.audit.services import check_version

    with transaction.atomic():
        locked = Shift.objects.unscoped().select_for_update().select_related("member").get(pk=shift.pk)
        check_version(locked, expected_version, fields=SHIFT_FIELDS)
        audit_record(
            actor=actor,
            event=events.SHIFT_DELETED,
            target=locked,
            area_path=locked.area_path,
            params={
                "member": locked.member.full_name,
                "start": timezone.localtime(locked.starts_at).strftime("%H:%M %d/%m/%Y"),
            },
            reason=reason,
        )
        locked.delete()
