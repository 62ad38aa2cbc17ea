"""Writing rule sets: validated by the kind's schema, periods of one kind and scope never overlapping.

Every change is audited (``rules.events``) and versioned: an edit made on an older version is
refused with what changed meanwhile (``core.services.StaleRecordError``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audited_create, audited_update, check_version
from phaodai.core.access import AnyUser
from phaodai.core.roles import Capability
from phaodai.core.services import require, unique_or_error
from phaodai.rules.errors import RulesErrorCode
from phaodai.rules.events import RULE_SET_CREATED, RULE_SET_UPDATED
from phaodai.rules.kinds import UnknownRuleKindError, rule_kind
from phaodai.rules.models import RuleSet
from phaodai.rules.validation import parameter_messages

# The fields a rule set is written with (and audited on).
RULE_SET_FIELDS = (
    "code",
    "kind",
    "title",
    "scope_unit",
    "valid_from",
    "valid_to",
    "source_number",
    "source_date",
    "source_body",
    "source_where",
    "verified",
    "verification_note",
    "parameters",
)
_TEXT_FIELDS = ("code", "title", "source_number", "source_body", "source_where", "verification_note")


def _error(message: str, code: str) -> list[ValidationError]:
    return [ValidationError(message, code=code)]


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else _("nay")


def _checked(values: dict[str, Any], *, rule_set_pk: int | None) -> dict[str, Any]:
    """The values cleaned and checked as a whole; ``ValidationError`` by field otherwise."""
    unknown = sorted(set(values) - set(RULE_SET_FIELDS))
    if unknown:
        raise ValidationError(
            _("Trường không có trong bộ quy định: %(names)s.") % {"names": ", ".join(unknown)},
            code=RulesErrorCode.FIELD_UNKNOWN,
        )
    cleaned = dict(values)
    for name in _TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    kind_code: str = cleaned.get("kind") or ""
    try:
        kind = rule_kind(kind_code)
    except UnknownRuleKindError:
        errors["kind"] = _error(
            _("Loại quy định «%(kind)s» chưa được ứng dụng nào khai báo.") % {"kind": kind_code},
            RulesErrorCode.KIND_UNKNOWN,
        )
    else:
        try:
            parsed = kind.schema.model_validate(cleaned.get("parameters") or {})
        except PydanticError as exc:
            errors["parameters"] = [
                ValidationError(message, code=RulesErrorCode.PARAMETER_INVALID)
                for message in parameter_messages(exc)
            ]
        else:
            cleaned["parameters"] = parsed.model_dump(mode="json")
    scope: AdminUnit | None = cleaned.get("scope_unit")
    if scope is not None and scope.level != UnitLevel.PROVINCE:
        errors["scope_unit"] = _error(
            _("Quy định riêng chỉ áp dụng cho một tỉnh, thành phố; %(unit)s không phải cấp tỉnh.")
            % {"unit": scope.name},
            RulesErrorCode.SCOPE_NOT_PROVINCE,
        )
    start: dt.date | None = cleaned.get("valid_from")
    end: dt.date | None = cleaned.get("valid_to")
    if start is not None and end is not None and end < start:
        errors["valid_to"] = _error(
            _("Ngày hết hiệu lực (%(end)s) phải từ ngày bắt đầu hiệu lực (%(start)s) trở đi.")
            % {"end": _fmt(end), "start": _fmt(start)},
            RulesErrorCode.PERIOD_REVERSED,
        )
    elif start is not None and "kind" not in errors:
        clash = _overlapping(kind_code, scope, start, end, exclude_pk=rule_set_pk)
        if clash is not None:
            errors["valid_from"] = _error(
                _(
                    "Thời gian hiệu lực trùng với bộ quy định «%(other)s» (%(start)s – %(end)s) cùng loại "
                    "và cùng phạm vi. Hãy cho bộ cũ hết hiệu lực trước ngày bắt đầu của bộ mới."
                )
                % {"other": clash.title, "start": _fmt(clash.valid_from), "end": _fmt(clash.valid_to)},
                RulesErrorCode.PERIOD_OVERLAP,
            )
    code: str = cleaned.get("code") or ""
    if code and RuleSet.objects.filter(code=code).exclude(pk=rule_set_pk or 0).exists():
        errors["code"] = _code_taken(code)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _code_taken(code: str) -> list[ValidationError]:
    return _error(
        _("Mã %(code)s đã được dùng cho một bộ quy định khác.") % {"code": code}, RulesErrorCode.CODE_TAKEN
    )


def _overlapping(
    kind: str, scope: AdminUnit | None, start: dt.date, end: dt.date | None, *, exclude_pk: int | None
) -> RuleSet | None:
    """A rule set of ``kind`` and ``scope`` whose period meets [start, end] (locked while we write)."""
    same = RuleSet.objects.filter(kind=kind, scope_unit=scope)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    meets = Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    if end is not None:
        meets &= Q(valid_from__lte=end)
    return same.filter(meets).select_for_update().order_by("valid_from").first()


def _lock_kind(kind: str) -> None:
    """Serialise writers of one kind: the rule sets of that kind are locked until commit."""
    list(RuleSet.objects.filter(kind=kind).select_for_update().values_list("pk", flat=True))


@transaction.atomic
def rule_set_create(*, actor: AnyUser, **fields: Any) -> RuleSet:
    """A new rule set; parameters checked by its kind's schema, no overlap with its kind and scope."""
    require(actor, Capability.MANAGE_RULES)
    _lock_kind(str(fields.get("kind") or ""))
    values = _checked(fields, rule_set_pk=None)
    rule_set = RuleSet(**values)
    return unique_or_error(
        lambda: audited_create(rule_set, actor=actor, event=RULE_SET_CREATED, fields=RULE_SET_FIELDS),
        taken=lambda: RuleSet.objects.filter(code=values.get("code", "")).exists(),
        error=ValidationError({"code": _code_taken(str(values.get("code", "")))}),
    )


@transaction.atomic
def rule_set_update(
    *, actor: AnyUser, rule_set: RuleSet, expected_version: int | None, **fields: Any
) -> RuleSet:
    """Change a rule set (the fields given); refused if someone saved it after ``expected_version``.

    Returns the rule set as saved (the row locked and re-read, so ``rule_set`` may be stale).
    """
    require(actor, Capability.MANAGE_RULES)
    locked = RuleSet.objects.select_for_update().select_related("scope_unit").get(pk=rule_set.pk)
    check_version(locked, expected_version, fields=RULE_SET_FIELDS)
    current = {name: getattr(locked, name) for name in RULE_SET_FIELDS}
    merged = {**current, **fields}
    _lock_kind(str(merged.get("kind") or ""))
    values = _checked(merged, rule_set_pk=locked.pk)
    audited_update(
        locked,
        actor=actor,
        event=RULE_SET_UPDATED,
        fields=RULE_SET_FIELDS,
        values=values,
        expected_version=expected_version,
    )
    return locked
