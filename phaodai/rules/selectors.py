"""Reading rule sets: which one is in force for a unit on a day, and its typed parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from phaodai.audit.models import AuditEvent
from phaodai.rules.errors import NoRuleInForce, RulesErrorCode
from phaodai.rules.kinds import RuleKind, UnknownRuleKindError, declared_kinds, rule_kind
from phaodai.rules.models import RuleSet
from phaodai.rules.validation import parameter_messages

if TYPE_CHECKING:
    from phaodai.areas.models import AdminUnit

T = TypeVar("T", bound=BaseModel)


def in_force_q(on: dt.date) -> Q:
    """Rule sets whose period holds ``on`` (both ends included)."""
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def rule_sets_in_force(kind: str, unit: AdminUnit, on: dt.date) -> QuerySet[RuleSet]:
    """The rule sets of ``kind`` covering ``unit`` on ``on``, the one that applies first.

    An override scoped to the unit or one of its ancestors (a province) comes before the
    national rule set; among several of one scope (a period written overlapping by a data
    migration) the latest start wins.
    """
    scopes = [*unit.ancestor_paths(), unit.path]
    return (
        RuleSet.objects.select_related("scope_unit")
        .filter(in_force_q(on), kind=kind)
        .filter(Q(scope_unit__isnull=True) | Q(scope_unit__path__in=scopes))
        .order_by(F("scope_unit__depth").desc(nulls_last=True), "-valid_from", "-pk")
    )


def rule_in_force(kind: str, unit: AdminUnit, on: dt.date) -> RuleSet:
    """The rule set of ``kind`` in force for ``unit`` on ``on``: the province's override if one
    covers that day, else the national one. ``NoRuleInForce`` (a ``ValidationError``) if none."""
    found = rule_sets_in_force(kind, unit, on).first()
    if found is None:
        raise NoRuleInForce(kind, unit, on)
    return found


def params(rule_set: RuleSet, schema: type[T]) -> T:
    """The rule set's parameters, typed by ``schema`` (the kind's, or a narrower one).

    A rule set saved through the services always validates; a row written otherwise that does
    not is a ``ValidationError`` naming the parameter, never a silent default.
    """
    try:
        return schema.model_validate(rule_set.parameters)
    except PydanticError as exc:
        raise ValidationError(
            [
                ValidationError(message, code=RulesErrorCode.PARAMETER_INVALID)
                for message in parameter_messages(exc)
            ]
        ) from exc


def rule_set_list(*, kind: str | None = None) -> QuerySet[RuleSet]:
    """Every rule set (of ``kind``), by kind and start date, with its scope."""
    found = RuleSet.objects.select_related("scope_unit").order_by("kind", "scope_unit__path", "valid_from")
    return found.filter(kind=kind) if kind else found


def rule_set_get(rule_set_id: int) -> RuleSet:
    """One rule set (``RuleSet.DoesNotExist`` if missing)."""
    return RuleSet.objects.select_related("scope_unit").get(pk=rule_set_id)


def rule_set_by_code(code: str) -> RuleSet:
    """One rule set by its code (``RuleSet.DoesNotExist`` if none)."""
    return RuleSet.objects.select_related("scope_unit").get(code=code)


@dataclass(frozen=True)
class KindGroup:
    """A kind and its rule sets (by scope, then start), with those in force ``on`` marked."""

    code: str
    kind: RuleKind | None  # None: rule sets of a kind no installed app declares any more
    rule_sets: list[RuleSet]
    in_force: frozenset[int]

    @property
    def name(self) -> str:
        return str(self.kind.name) if self.kind is not None else self.code

    @property
    def entries(self) -> list[tuple[RuleSet, bool]]:
        """(rule set, in force) in order, for the list page."""
        return [(rule_set, rule_set.pk in self.in_force) for rule_set in self.rule_sets]


def rule_sets_by_kind(*, on: dt.date, kind: str | None = None) -> list[KindGroup]:
    """Every declared kind (even one with no rule set yet) with its rule sets; for each scope,
    the rule set covering ``on`` is in ``in_force``. Kinds of rule sets no app declares come last."""
    declared = declared_kinds()
    by_kind: dict[str, list[RuleSet]] = {}
    for rule_set in rule_set_list(kind=kind):
        by_kind.setdefault(rule_set.kind, []).append(rule_set)
    codes = [code for code in declared if kind is None or code == kind]
    codes += sorted(code for code in by_kind if code not in declared)
    groups = []
    for code in codes:
        rule_sets = by_kind.get(code, [])
        current: dict[int | None, RuleSet] = {}
        for rule_set in rule_sets:
            if rule_set.in_force_on(on):
                kept = current.get(rule_set.scope_unit_id)
                if kept is None or rule_set.valid_from > kept.valid_from:
                    current[rule_set.scope_unit_id] = rule_set
        groups.append(
            KindGroup(
                code=code,
                kind=declared.get(code),
                rule_sets=rule_sets,
                in_force=frozenset(rule_set.pk for rule_set in current.values()),
            )
        )
    return groups


def rule_set_history(rule_set: RuleSet) -> QuerySet[AuditEvent]:
    """The rule set's audit trail, newest first. Rule sets are public law, so is their history:
    read unscoped (a national rule set's rows are filed at no area)."""
    return (
        AuditEvent.objects.unscoped()
        .filter(target_type=RuleSet._meta.label_lower, target_id=rule_set.pk)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )


def rule_set_parameters(rule_set: RuleSet) -> list[tuple[str, str, Any]]:
    """(label, help, value) per parameter, in the kind's order when the kind is declared."""
    stored = rule_set.parameters or {}
    try:
        schema = rule_kind(rule_set.kind).schema
    except UnknownRuleKindError:
        return [(name, "", value) for name, value in stored.items()]
    rows = []
    for name, info in schema.model_fields.items():
        if name in stored:
            rows.append((info.title or name, info.description or "", stored[name]))
    rows += [(name, "", value) for name, value in stored.items() if name not in schema.model_fields]
    return rows
