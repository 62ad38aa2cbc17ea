"""Writes of the violations register: record, edit, decide, add evidence, export.

Every write checks the capability and the jurisdiction, validates with Vietnamese messages and
the app's error codes, and writes its audit row in the same transaction. A fine has an amount
above zero and a decision number; fines, suspensions and referrals to the police are decided by
a leader (``Capability.DECIDE_VIOLATIONS``); a reminder may be given by whoever records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import (
    audit_record,
    audited_create,
    audited_update,
    check_version,
    created_changes,
)
from phaodai.core.access import has_capability, in_jurisdiction, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unit_errors
from phaodai.core.text import fold
from phaodai.sheets.tables import TableColumn, table_export
from phaodai.violations import events, files
from phaodai.violations.enums import LEADER_DECISIONS, Decision, OffenderKind, PaymentStatus
from phaodai.violations.errors import ViolationErrorCode as Code
from phaodai.violations.models import Evidence, Violation

VIOLATION_FIELDS = (
    "unit",
    "offender_kind",
    "person",
    "establishment",
    "offender_name",
    "offender_address",
    "rule_text",
    "legal_basis",
    "place",
    "occurred_at",
    "description",
    "decision",
    "fine_amount",
    "decision_number",
    "decision_date",
    "suspended_until",
    "referred_to",
    "payment_status",
    "paid_on",
)
DECISION_FIELDS = frozenset(
    {
        "decision",
        "fine_amount",
        "decision_number",
        "decision_date",
        "suspended_until",
        "referred_to",
        "payment_status",
        "paid_on",
    }
)
# A typo guard, not a legal ceiling: no fine of a commune reaches ten billion đồng.
FINE_AMOUNT_MAX = 10_000_000_000
EVIDENCE_PER_VIOLATION = 10
_CLOCK_SKEW = dt.timedelta(minutes=10)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _error(message: str, code: str) -> list[ValidationError]:
    return [ValidationError(message, code=code)]


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _clean(actor: User, violation: Violation, values: dict[str, Any]) -> dict[str, Any]:
    """The values checked and tidied; ``ValidationError`` naming each wrong field otherwise."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned = dict(values)
    for name in (
        "offender_name",
        "offender_address",
        "rule_text",
        "legal_basis",
        "place",
        "decision_number",
        "referred_to",
    ):
        cleaned[name] = _text(values.get(name))
    cleaned["description"] = str(values.get("description") or "").strip()
    unit: AdminUnit | None = values.get("unit")
    found = unit_errors(actor, unit, what=_("xã hoặc thôn nơi vi phạm"), min_level=UnitLevel.COMMUNE)
    if found:
        errors["unit"] = found
    kind = values.get("offender_kind") or OffenderKind.PERSON
    cleaned["offender_kind"] = kind
    person = values.get("person")
    if kind == OffenderKind.PERSON:
        if person is None:
            errors["person"] = _error(_("Hãy chọn người vi phạm trong sổ nhân khẩu."), Code.PERSON_REQUIRED)
        elif person.merged_into_id is not None or not in_jurisdiction(actor, person.area_path):
            errors["person"] = _error(
                _("Hồ sơ nhân khẩu này đã được gộp hoặc ở ngoài địa bàn; hãy chọn hồ sơ đang dùng."),
                Code.PERSON_MERGED,
            )
        else:
            cleaned["offender_name"] = person.full_name
    else:
        cleaned["person"] = None
    establishment = values.get("establishment")
    if kind != OffenderKind.ESTABLISHMENT:
        cleaned["establishment"] = None
    elif establishment is not None:
        if not in_jurisdiction(actor, establishment.area_path):
            errors["establishment"] = _error(
                _("Cơ sở này ở ngoài địa bàn bạn phụ trách."), Code.ESTABLISHMENT_REQUIRED
            )
        else:
            cleaned["offender_name"] = establishment.name[:160]
    if kind != OffenderKind.PERSON and "establishment" not in errors and not cleaned["offender_name"]:
        message = (
            _("Hãy nhập tên cơ sở vi phạm.")
            if kind == OffenderKind.ESTABLISHMENT
            else _("Hãy nhập họ tên người vi phạm.")
        )
        errors["offender_name"] = _error(message, Code.OFFENDER_REQUIRED)
    if not cleaned["rule_text"]:
        errors["rule_text"] = _error(_("Hãy ghi hành vi vi phạm."), Code.RULE_REQUIRED)
    if not cleaned["legal_basis"]:
        errors["legal_basis"] = _error(
            _("Hãy ghi căn cứ pháp lý (ví dụ: điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP)."),
            Code.LEGAL_BASIS_REQUIRED,
        )
    if not cleaned["place"]:
        errors["place"] = _error(_("Hãy ghi nơi vi phạm."), Code.PLACE_REQUIRED)
    occurred: dt.datetime | None = values.get("occurred_at")
    now = timezone.now()
    if occurred is None or occurred > now + _CLOCK_SKEW:
        errors["occurred_at"] = _error(
            _("Thời điểm vi phạm phải là một thời điểm đã qua."), Code.OCCURRED_FUTURE
        )
    elif occurred < EARLIEST:
        errors["occurred_at"] = _error(
            _("Thời điểm vi phạm quá xa trong quá khứ (trước năm 2000): hãy kiểm tra lại."),
            Code.OCCURRED_TOO_EARLY,
        )
    errors.update(_clean_decision(actor, violation, cleaned, occurred))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_decision(
    actor: User, violation: Violation, cleaned: dict[str, Any], occurred: dt.datetime | None
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    decision = cleaned.get("decision") or Decision.PENDING
    cleaned["decision"] = decision
    today = timezone.localdate()
    changing = any(cleaned.get(name) != getattr(violation, name) for name in DECISION_FIELDS)
    leaders_only = decision in LEADER_DECISIONS or violation.decision in LEADER_DECISIONS
    if changing and leaders_only and not has_capability(actor, Capability.DECIDE_VIOLATIONS):
        errors["decision"] = _error(
            _("Chỉ lãnh đạo mới quyết định phạt tiền, đình chỉ hoặc chuyển công an."),
            Code.DECISION_NOT_ALLOWED,
        )
        return errors
    amount = cleaned.get("fine_amount")
    if decision == Decision.FINE:
        if amount is None:
            errors["fine_amount"] = _error(_("Hãy nhập số tiền phạt."), Code.FINE_AMOUNT_REQUIRED)
        elif amount <= 0:
            errors["fine_amount"] = _error(
                _("Số tiền phạt phải lớn hơn 0 đồng."), Code.FINE_AMOUNT_NOT_POSITIVE
            )
        elif amount > FINE_AMOUNT_MAX:
            errors["fine_amount"] = _error(
                _("Số tiền phạt quá lớn (tối đa %(max)s đồng): hãy kiểm tra lại.")
                % {"max": number_format(FINE_AMOUNT_MAX, force_grouping=True)},
                Code.FINE_AMOUNT_TOO_LARGE,
            )
    elif amount is not None:
        errors["fine_amount"] = _error(
            _("Chỉ hình thức phạt tiền mới có số tiền phạt."), Code.FINE_AMOUNT_NOT_FINE
        )
    if decision in (Decision.FINE, Decision.SUSPENSION) and not cleaned["decision_number"]:
        errors["decision_number"] = _error(
            _("Hãy nhập số quyết định xử phạt (ví dụ: 15/QĐ-XPVPHC)."), Code.DECISION_NUMBER_REQUIRED
        )
    decided_on: dt.date | None = cleaned.get("decision_date")
    if decision == Decision.PENDING:
        cleaned["decision_date"] = None
    elif decided_on is None:
        cleaned["decision_date"] = decided_on = today
    if decided_on is not None and (
        decided_on > today or (occurred is not None and decided_on < timezone.localdate(occurred))
    ):
        errors["decision_date"] = _error(
            _("Ngày quyết định phải từ ngày vi phạm đến hôm nay."), Code.DECISION_DATE_INVALID
        )
    until: dt.date | None = cleaned.get("suspended_until")
    if decision == Decision.SUSPENSION:
        if until is None or (decided_on is not None and until <= decided_on):
            errors["suspended_until"] = _error(
                _("Hãy nhập ngày hết đình chỉ, sau ngày quyết định."), Code.SUSPENSION_UNTIL_INVALID
            )
    else:
        cleaned["suspended_until"] = None
    if decision == Decision.PROSECUTION:
        if not cleaned["referred_to"]:
            errors["referred_to"] = _error(
                _("Hãy ghi cơ quan công an nhận hồ sơ (ví dụ: Công an huyện Bắc Hà)."),
                Code.REFERRED_TO_REQUIRED,
            )
    else:
        cleaned["referred_to"] = ""
    status = cleaned.get("payment_status") or PaymentStatus.NOT_APPLICABLE
    paid_on: dt.date | None = cleaned.get("paid_on")
    if decision == Decision.FINE:
        if status == PaymentStatus.NOT_APPLICABLE:
            status = PaymentStatus.UNPAID
        if status == PaymentStatus.PAID:
            if paid_on is None or paid_on > today or (decided_on is not None and paid_on < decided_on):
                errors["paid_on"] = _error(
                    _("Hãy nhập ngày nộp phạt, từ ngày quyết định đến hôm nay."), Code.PAID_ON_INVALID
                )
        else:
            paid_on = None
    else:
        if status == PaymentStatus.PAID:
            errors["payment_status"] = _error(
                _("Chỉ vi phạm bị phạt tiền mới có tình trạng nộp phạt."), Code.PAYMENT_NOT_FINE
            )
        status, paid_on = PaymentStatus.NOT_APPLICABLE, None
    cleaned["payment_status"], cleaned["paid_on"] = status, paid_on
    return errors


def derive_violation(violation: Violation) -> None:
    """The folded search text (offender, rule, place, decision number) and the area."""
    parts = (violation.offender_name, violation.rule_text, violation.place, violation.decision_number)
    violation.search_key = fold(" ".join(part for part in parts if part))[:800]
    violation.derive_area()


@transaction.atomic
def violation_create(*, actor: User, uuid: UUID | None = None, **fields: Any) -> tuple[Violation, bool]:
    """Record a violation (and, for a leader, the decision on it at once). ``(violation, created)``."""
    unknown = sorted(set(fields) - set(VIOLATION_FIELDS))
    if unknown:
        raise TypeError(f"violation_create() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.RECORD_VIOLATIONS)

    def create() -> Violation:
        violation = Violation()
        if uuid is not None:
            violation.uuid = uuid
        values = {name: fields.get(name) for name in VIOLATION_FIELDS}
        for name, value in _clean(actor, violation, values).items():
            setattr(violation, name, value)
        violation.recorded_by = actor
        derive_violation(violation)
        return audited_create(violation, actor=actor, event=events.VIOLATION_CREATED, fields=VIOLATION_FIELDS)

    return create_once(Violation, actor=actor, uuid=uuid, create=create)


@transaction.atomic
def violation_update(
    *, actor: User, violation: Violation, expected_version: int | None = None, **fields: Any
) -> Violation:
    """Change a violation: its facts, or the decision and the payment (``expected_version``: the
    version the officer read; a violation changed since is refused with what changed)."""
    unknown = sorted(set(fields) - set(VIOLATION_FIELDS))
    if unknown:
        raise TypeError(f"violation_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.RECORD_VIOLATIONS)
    violation = Violation.objects.unscoped().select_for_update().select_related("unit").get(pk=violation.pk)
    require_in_jurisdiction(actor, violation.area_path)
    check_version(violation, expected_version)
    values = {name: getattr(violation, name) for name in VIOLATION_FIELDS}
    values.update(fields)
    cleaned = _clean(actor, violation, values)
    deciding = any(cleaned[name] != getattr(violation, name) for name in DECISION_FIELDS)
    audited_update(
        violation,
        actor=actor,
        event=events.VIOLATION_DECIDED if deciding else events.VIOLATION_UPDATED,
        fields=VIOLATION_FIELDS,
        values=cleaned,
        derive=derive_violation,
        derived=("search_key",),
        params={"decision": cleaned["decision"]},
        expected_version=expected_version,
    )
    return violation


@transaction.atomic
def evidence_add(*, actor: User, violation: Violation, upload: UploadedFile, caption: str = "") -> Evidence:
    """Keep a photo or file proving a violation: a JPEG, PNG, WebP or PDF within the size limit."""
    require(actor, Capability.RECORD_VIOLATIONS)
    violation = Violation.objects.unscoped().select_for_update().get(pk=violation.pk)
    require_in_jurisdiction(actor, violation.area_path)
    limit = settings.PHAODAI_EVIDENCE_MAX_BYTES
    if Evidence.objects.unscoped().filter(violation=violation).count() >= EVIDENCE_PER_VIOLATION:
        raise ValidationError(
            {
                "file": _error(
                    _("Mỗi vi phạm có tối đa %(n)d tệp chứng cứ.") % {"n": EVIDENCE_PER_VIOLATION},
                    Code.EVIDENCE_TOO_MANY,
                )
            }
        )
    if not upload.size:
        raise ValidationError({"file": _error(_("Tệp trống, không có nội dung."), Code.EVIDENCE_EMPTY)})
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _error(
                    _("Tệp lớn quá %(limit)s.") % {"limit": filesizeformat(limit)}, Code.EVIDENCE_TOO_LARGE
                )
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = files.kind_of(head)
    if kind is None:
        raise ValidationError(
            {"file": _error(_("Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."), Code.EVIDENCE_TYPE)}
        )
    stored, digest, size = files.store(upload, kind)
    try:
        evidence = Evidence(
            violation=violation,
            unit_id=violation.unit_id,
            stored_name=stored,
            original_name=_text(upload.name)[:160] or stored,
            content_type=kind.content_type,
            size=size,
            sha256=digest,
            caption=_text(caption)[:200],
            uploaded_by=actor,
        )
        evidence.full_clean()
        evidence.save()
        audit_record(
            actor=actor,
            event=events.EVIDENCE_ADDED,
            target=violation,
            area_path=violation.area_path,
            changes=created_changes(evidence, ("original_name", "content_type", "size", "sha256")),
            params={"name": evidence.original_name},
        )
    except Exception:
        files.remove(stored)
        raise
    return evidence


# --- export -------------------------------------------------------------------------------


def _columns() -> list[TableColumn]:
    decisions = dict(Decision.choices)
    payments = dict(PaymentStatus.choices)
    kinds = dict(OffenderKind.choices)
    return [
        TableColumn(_("Ngày vi phạm"), lambda v: timezone.localtime(v.occurred_at).date(), "date", 12),
        TableColumn(_("Địa bàn"), lambda v: v.unit.name, "label", 18),
        TableColumn(_("Đối tượng"), lambda v: str(kinds.get(v.offender_kind, v.offender_kind)), "label", 16),
        TableColumn(_("Tên người hoặc cơ sở vi phạm"), lambda v: v.offender_name, "text", 26),
        TableColumn(_("Hành vi vi phạm"), lambda v: v.rule_text, "text", 40),
        TableColumn(_("Căn cứ pháp lý"), lambda v: v.legal_basis, "text", 30),
        TableColumn(_("Nơi vi phạm"), lambda v: v.place, "text", 24),
        TableColumn(_("Hình thức xử lý"), lambda v: str(decisions.get(v.decision, v.decision)), "label", 18),
        TableColumn(_("Số tiền phạt (đồng)"), lambda v: v.fine_amount, "number", 14),
        TableColumn(_("Số quyết định"), lambda v: v.decision_number, "digits", 16),
        TableColumn(_("Ngày quyết định"), lambda v: v.decision_date, "date", 12),
        TableColumn(
            _("Nộp phạt"), lambda v: str(payments.get(v.payment_status, v.payment_status)), "label", 16
        ),
        TableColumn(_("Ngày nộp phạt"), lambda v: v.paid_on, "date", 12),
    ]


@transaction.atomic
def violations_export(
    *,
    actor: User,
    queryset: QuerySet[Violation],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
) -> tuple[Iterator[bytes], str, str]:
    """The list (re-limited to the actor's jurisdiction) as CSV or .xlsx; audited, with the purpose."""
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.DECIDE_VIOLATIONS) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách vi phạm."))
    rows = queryset.filter(jurisdiction.q("area_path")).select_related("unit")
    return table_export(
        actor=actor,
        rows=rows,
        columns=_columns(),
        fmt=fmt,
        event=events.VIOLATIONS_EXPORTED,
        target_type=Violation._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=_("Vi phạm"),
        filename_stem="vi-pham",
        filters=filters,
        purpose=purpose,
    )
