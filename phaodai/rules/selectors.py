"""Reading rule sets: which one is in force for a unit on a day, and its typed parameters."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from phaodai.rules.errors import NoRuleInForce, RulesErrorCode
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
