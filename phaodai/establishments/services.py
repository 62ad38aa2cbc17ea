"""Writes of the establishments registry: establishments, their people, inspections against the
checklist, follow-ups, whether each may operate, schools' readiness; the export.

Every write checks the capability and the jurisdiction, validates with Vietnamese messages and
the app's error codes, and writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.access import has_capability, in_jurisdiction, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unique_or_error, unit_errors
from phaodai.core.text import ascii_digits, fold
from phaodai.establishments import events
from phaodai.establishments.enums import (
    Answer,
    EstablishmentKind,
    InspectionResult,
    MemberRole,
    Readiness,
)
from phaodai.establishments.errors import EstablishmentErrorCode as Code
from phaodai.establishments.models import ChecklistItem, Establishment, Inspection, InspectionAnswer, Member
from phaodai.sheets.tables import TableColumn, table_export

ESTABLISHMENT_FIELDS = (
    "unit",
    "kind",
    "name",
    "industrial_park",
    "address",
    "owner_name",
    "phone",
    "headcount",
    "safety_plan",
    "safety_plan_on",
    "school_level",
)
OPERATION_FIELDS = ("may_operate", "operate_note", "operate_decided_on")
READINESS_FIELDS = ("readiness", "readiness_on")
MEMBER_FIELDS = ("person", "full_name", "role", "group", "phone", "active")
INSPECTION_FIELDS = (
    "inspected_on",
    "inspectors",
    "result",
    "findings",
    "follow_up",
    "follow_up_due",
    "follow_up_done_on",
)


def _error(message: str, code: str) -> list[ValidationError]:
    return [ValidationError(message, code=code)]


def _line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _phone(value: Any) -> str:
    return ascii_digits("".join(ch for ch in str(value or "") if not ch.isspace() and ch not in ".-()"))


def _clean(actor: User, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned = dict(values)
    for name in ("name", "industrial_park", "address", "owner_name"):
        cleaned[name] = _line(values.get(name))
    cleaned["safety_plan"] = str(values.get("safety_plan") or "").strip()
    cleaned["phone"] = _phone(values.get("phone"))
    cleaned["school_level"] = values.get("school_level") or ""
    cleaned["headcount"] = values.get("headcount") or 0
    found = unit_errors(
        actor, values.get("unit"), what=_("xã hoặc thôn của cơ sở"), min_level=UnitLevel.COMMUNE
    )
    if found:
        errors["unit"] = found
    if not cleaned["name"]:
        errors["name"] = _error(_("Hãy nhập tên cơ sở."), Code.NAME_REQUIRED)
    if cleaned["phone"] and not (cleaned["phone"].isdigit() and 8 <= len(cleaned["phone"]) <= 11):
        errors["phone"] = _error(_("Số điện thoại chưa đúng: từ 8 đến 11 chữ số."), Code.PHONE_INVALID)
    if cleaned["headcount"] < 0:
        errors["headcount"] = _error(_("Số người không được âm."), Code.HEADCOUNT_NEGATIVE)
    if cleaned["school_level"] and values.get("kind") != EstablishmentKind.SCHOOL:
        errors["school_level"] = _error(_("Chỉ trường học mới có cấp học."), Code.SCHOOL_ONLY)
    if errors:
        raise ValidationError(errors)
    return cleaned


def derive_establishment(establishment: Establishment) -> None:
    parts = (
        establishment.name,
        establishment.industrial_park,
        establishment.address,
        establishment.owner_name,
    )
    establishment.search_key = fold(" ".join(p for p in parts if p))[:600]
    establishment.derive_area()


@transaction.atomic
def establishment_create(
    *, actor: User, uuid: UUID | None = None, **fields: Any
) -> tuple[Establishment, bool]:
    """Register an establishment. ``(establishment, created)``; a uuid sent again is stored once."""
    unknown = sorted(set(fields) - set(ESTABLISHMENT_FIELDS))
    if unknown:
        raise TypeError(f"establishment_create() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_ESTABLISHMENTS)

    def create() -> Establishment:
        establishment = Establishment()
        if uuid is not None:
            establishment.uuid = uuid
        for name, value in _clean(actor, {n: fields.get(n) for n in ESTABLISHMENT_FIELDS}).items():
            setattr(establishment, name, value)
        derive_establishment(establishment)
        return audited_create(
            establishment, actor=actor, event=events.ESTABLISHMENT_CREATED, fields=ESTABLISHMENT_FIELDS
        )

    return create_once(Establishment, actor=actor, uuid=uuid, create=create)


def _locked(actor: User, establishment: Establishment, expected_version: int | None) -> Establishment:
    locked = (
        Establishment.objects.unscoped().select_for_update().select_related("unit").get(pk=establishment.pk)
    )
    require_in_jurisdiction(actor, locked.area_path)
    check_version(locked, expected_version)
    return locked


@transaction.atomic
def establishment_update(
    *, actor: User, establishment: Establishment, expected_version: int | None = None, **fields: Any
) -> Establishment:
    """Change an establishment's facts (not whether it may operate: ``establishment_operation_set``)."""
    unknown = sorted(set(fields) - set(ESTABLISHMENT_FIELDS))
    if unknown:
        raise TypeError(f"establishment_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_ESTABLISHMENTS)
    establishment = _locked(actor, establishment, expected_version)
    values = {name: getattr(establishment, name) for name in ESTABLISHMENT_FIELDS}
    values.update(fields)
    audited_update(
        establishment,
        actor=actor,
        event=events.ESTABLISHMENT_UPDATED,
        fields=ESTABLISHMENT_FIELDS,
        values=_clean(actor, values),
        derive=derive_establishment,
        derived=("search_key",),
        expected_version=expected_version,
    )
    return establishment


@transaction.atomic
def establishment_operation_set(
    *,
    actor: User,
    establishment: Establishment,
    may_operate: bool,
    note: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Establishment:
    """Decide whether the establishment may operate now, with the reason (an inspector's decision)."""
    require(actor, Capability.INSPECT_ESTABLISHMENTS)
    establishment = _locked(actor, establishment, expected_version)
    note = _line(note)
    if not note:
        raise ValidationError(
            {
                "operate_note": _error(
                    _("Hãy ghi lý do cho phép hoạt động hoặc tạm dừng."), Code.OPERATE_REASON_REQUIRED
                )
            }
        )
    audited_update(
        establishment,
        actor=actor,
        event=events.OPERATION_DECIDED,
        fields=OPERATION_FIELDS,
        values={
            "may_operate": may_operate,
            "operate_note": note[:300],
            "operate_decided_on": on or timezone.localdate(),
        },
        expected_version=expected_version,
    )
    return establishment


# --- workers, pupils -------------------------------------------------------------------------


def _clean_member(
    actor: User, establishment: Establishment, member: Member, values: dict[str, Any]
) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned = dict(values)
    cleaned["full_name"] = _line(values.get("full_name"))
    cleaned["group"] = _line(values.get("group"))
    cleaned["phone"] = _phone(values.get("phone"))
    cleaned["role"] = values.get("role") or MemberRole.WORKER
    cleaned["active"] = True if values.get("active") is None else bool(values["active"])
    person = values.get("person")
    if person is not None:
        if person.merged_into_id is not None or not in_jurisdiction(actor, person.area_path):
            errors["person"] = _error(
                _("Hồ sơ nhân khẩu này đã được gộp hoặc ở ngoài địa bàn; hãy chọn hồ sơ đang dùng."),
                Code.MEMBER_PERSON_OUTSIDE,
            )
        else:
            cleaned["full_name"] = person.full_name
            taken = Member.objects.unscoped().filter(establishment=establishment, person=person)
            if taken.exclude(pk=member.pk).exists():
                errors["person"] = _error(
                    _("%(name)s đã có trong danh sách của cơ sở.") % {"name": person.full_name},
                    Code.MEMBER_TAKEN,
                )
    if not cleaned["full_name"]:
        errors["full_name"] = _error(_("Hãy nhập họ tên hoặc chọn nhân khẩu."), Code.MEMBER_NAME_REQUIRED)
    if cleaned["role"] == MemberRole.PUPIL and establishment.kind != EstablishmentKind.SCHOOL:
        errors["role"] = _error(_("Chỉ trường học mới có học sinh."), Code.PUPIL_NOT_SCHOOL)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def member_add(*, actor: User, establishment: Establishment, **fields: Any) -> Member:
    """Add a worker, pupil, teacher or staff member (linked to the people registry where known)."""
    require(actor, Capability.EDIT_ESTABLISHMENTS)
    require_in_jurisdiction(actor, establishment.area_path)
    member = Member(establishment=establishment, unit_id=establishment.unit_id)
    for name, value in _clean_member(
        actor, establishment, member, {n: fields.get(n) for n in MEMBER_FIELDS}
    ).items():
        setattr(member, name, value)
    person = member.person
    return unique_or_error(
        lambda: audited_create(member, actor=actor, event=events.MEMBER_ADDED, fields=MEMBER_FIELDS),
        taken=lambda: (
            person is not None
            and Member.objects.unscoped().filter(establishment=establishment, person=person).exists()
        ),
        error=ValidationError(
            {"person": _error(_("Người này đã có trong danh sách của cơ sở."), Code.MEMBER_TAKEN)}
        ),
    )


@transaction.atomic
def member_update(
    *, actor: User, member: Member, expected_version: int | None = None, **fields: Any
) -> Member:
    require(actor, Capability.EDIT_ESTABLISHMENTS)
    member = Member.objects.unscoped().select_for_update().select_related("establishment").get(pk=member.pk)
    require_in_jurisdiction(actor, member.area_path)
    check_version(member, expected_version)
    values = {name: getattr(member, name) for name in MEMBER_FIELDS}
    values.update({k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    audited_update(
        member,
        actor=actor,
        event=events.MEMBER_UPDATED,
        fields=MEMBER_FIELDS,
        values=_clean_member(actor, member.establishment, member, values),
        expected_version=expected_version,
    )
    return member


# --- inspections -----------------------------------------------------------------------------


def checklist_for(kind: str) -> list[ChecklistItem]:
    """The active criteria that apply to an establishment of ``kind``, in their order."""
    items = ChecklistItem.objects.filter(active=True).order_by("order", "code")
    return [item for item in items if not item.kinds or kind in item.kinds]


@transaction.atomic
def inspection_record(
    *,
    actor: User,
    establishment: Establishment,
    inspected_on: dt.date,
    inspectors: str,
    answers: Mapping[str, tuple[str, str]],
    result: str,
    findings: str = "",
    follow_up: str = "",
    follow_up_due: dt.date | None = None,
) -> Inspection:
    """Record an inspection: an answer for every criterion that applies (``answers``: item code →
    (answer, note)), the result (never "passed" with a criterion not met), what must be fixed and by
    when. A school's readiness for the new year follows its latest inspection."""
    require(actor, Capability.INSPECT_ESTABLISHMENTS)
    establishment = Establishment.objects.unscoped().select_for_update().get(pk=establishment.pk)
    require_in_jurisdiction(actor, establishment.area_path)
    items = checklist_for(establishment.kind)
    errors: dict[str, list[ValidationError]] = {}
    today = timezone.localdate()
    if inspected_on > today:
        errors["inspected_on"] = _error(_("Ngày kiểm tra không được sau hôm nay."), Code.INSPECTED_FUTURE)
    inspectors = _line(inspectors)
    if not inspectors:
        errors["inspectors"] = _error(_("Hãy ghi đoàn kiểm tra (họ tên, chức vụ)."), Code.FOLLOW_UP_REQUIRED)
    missing = [item.text for item in items if answers.get(item.code, ("", ""))[0] not in Answer.values]
    if missing:
        errors["answers"] = _error(
            _("Còn %(n)d tiêu chí chưa đánh giá: %(items)s")
            % {"n": len(missing), "items": "; ".join(missing[:3])},
            Code.ANSWERS_MISSING,
        )
    not_met = [item for item in items if answers.get(item.code, ("", ""))[0] == Answer.NOT_MET]
    if result == InspectionResult.PASSED and not_met:
        errors["result"] = _error(
            _("Còn %(n)d tiêu chí không đạt: không thể kết luận «Đạt: an toàn».") % {"n": len(not_met)},
            Code.PASSED_WITH_UNMET,
        )
    follow_up = str(follow_up or "").strip()
    if result in (InspectionResult.CONDITIONAL, InspectionResult.FAILED) and not follow_up:
        errors["follow_up"] = _error(_("Hãy ghi việc cơ sở phải khắc phục."), Code.FOLLOW_UP_REQUIRED)
    if follow_up_due is not None and follow_up_due < inspected_on:
        errors["follow_up_due"] = _error(
            _("Hạn khắc phục phải từ ngày kiểm tra trở đi."), Code.FOLLOW_UP_DATE
        )
    if errors:
        raise ValidationError(errors)
    inspection = Inspection(
        establishment=establishment,
        unit_id=establishment.unit_id,
        inspected_on=inspected_on,
        inspectors=inspectors[:300],
        result=result,
        findings=str(findings or "").strip(),
        follow_up=follow_up,
        follow_up_due=follow_up_due,
        recorded_by=actor,
    )
    audited_create(
        inspection,
        actor=actor,
        event=events.INSPECTION_RECORDED,
        fields=INSPECTION_FIELDS,
        params={
            "met": sum(1 for item in items if answers[item.code][0] == Answer.MET),
            "not_met": len(not_met),
        },
    )
    InspectionAnswer.objects.bulk_create(
        [
            InspectionAnswer(
                inspection=inspection,
                item=item,
                answer=answers[item.code][0],
                note=_line(answers[item.code][1])[:300],
            )
            for item in items
        ]
    )
    latest = (
        Inspection.objects.unscoped()
        .filter(establishment=establishment)
        .order_by("-inspected_on", "-pk")
        .first()
    )
    if establishment.kind == EstablishmentKind.SCHOOL and latest is not None and latest.pk == inspection.pk:
        audited_update(
            establishment,
            actor=actor,
            event=events.ESTABLISHMENT_UPDATED,
            fields=READINESS_FIELDS,
            values={
                "readiness": Readiness.READY if result == InspectionResult.PASSED else Readiness.NOT_READY,
                "readiness_on": inspected_on,
            },
        )
    return inspection


@transaction.atomic
def inspection_follow_up_done(
    *, actor: User, inspection: Inspection, done_on: dt.date, expected_version: int | None = None
) -> Inspection:
    """The establishment fixed what the inspection asked, on ``done_on``."""
    require(actor, Capability.INSPECT_ESTABLISHMENTS)
    inspection = Inspection.objects.unscoped().select_for_update().get(pk=inspection.pk)
    require_in_jurisdiction(actor, inspection.area_path)
    check_version(inspection, expected_version)
    if done_on < inspection.inspected_on or done_on > timezone.localdate():
        raise ValidationError(
            {
                "follow_up_done_on": _error(
                    _("Ngày khắc phục phải từ ngày kiểm tra đến hôm nay."), Code.FOLLOW_UP_DATE
                )
            }
        )
    audited_update(
        inspection,
        actor=actor,
        event=events.INSPECTION_FOLLOWED_UP,
        fields=INSPECTION_FIELDS,
        values={"follow_up_done_on": done_on},
        expected_version=expected_version,
    )
    return inspection


# --- export --------------------------------------------------------------------------------


@transaction.atomic
def establishments_export(
    *,
    actor: User,
    queryset: QuerySet[Establishment],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
) -> tuple[Iterator[bytes], str, str]:
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.VIEW_ESTABLISHMENTS) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách cơ sở."))
    rows = queryset.filter(jurisdiction.q("area_path")).select_related("unit")
    kinds = dict(EstablishmentKind.choices)
    readiness = dict(Readiness.choices)
    yes, no = _("Được hoạt động"), _("Tạm dừng")
    columns = [
        TableColumn(_("Tên cơ sở"), lambda e: e.name, "text", 32),
        TableColumn(_("Loại cơ sở"), lambda e: str(kinds.get(e.kind, e.kind)), "label", 24),
        TableColumn(_("Địa bàn"), lambda e: e.unit.name, "label", 18),
        TableColumn(_("Khu, cụm công nghiệp"), lambda e: e.industrial_park, "text", 20),
        TableColumn(_("Địa chỉ"), lambda e: e.address, "text", 28),
        TableColumn(_("Người đứng đầu"), lambda e: e.owner_name, "text", 20),
        TableColumn(_("Số điện thoại"), lambda e: e.phone, "digits", 14),
        TableColumn(_("Số người"), lambda e: e.headcount, "number", 10),
        TableColumn(_("Hoạt động"), lambda e: str(yes if e.may_operate else no), "label", 14),
        TableColumn(_("Lý do"), lambda e: e.operate_note, "text", 30),
        TableColumn(
            _("Sẵn sàng năm học mới"),
            lambda e: (
                str(readiness.get(e.readiness, e.readiness)) if e.kind == EstablishmentKind.SCHOOL else ""
            ),
            "label",
            16,
        ),
    ]
    return table_export(
        actor=actor,
        rows=rows,
        columns=columns,
        fmt=fmt,
        event=events.ESTABLISHMENTS_EXPORTED,
        target_type=Establishment._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=_("Cơ sở"),
        filename_stem="co-so",
        filters=filters,
        purpose=purpose,
    )
