"""Kinds of rule set, declared by the apps that use them (``<app>/rule_kinds.py``).

A consuming app (``labtests``, ``cases``, ``homecare`` …) declares in its plug-in module
``rule_kinds.py``::

    class HomeCareParams(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        max_age: int
        ...

    RULE_KINDS = [RuleKind(code="home_care", name=_("Điều kiện chăm sóc tại nhà"), schema=HomeCareParams)]

The parameters of every rule set of that kind are validated by ``schema`` when the rule set is
saved (``rules.services``), and read back typed with ``rules.selectors.params``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django_stubs_ext import StrOrPromise
from pydantic import BaseModel

from phaodai.core.plugins import app_modules

PLUGIN_MODULE = "rule_kinds"


@dataclass(frozen=True)
class RuleKind:
    """A kind of rule set: its code (``home_care``), Vietnamese name and parameter schema."""

    code: str
    name: StrOrPromise
    schema: type[BaseModel]
    description: StrOrPromise = ""


class UnknownRuleKindError(LookupError):
    """No installed app declares a rule kind of that code."""


def declared_kinds() -> dict[str, RuleKind]:
    """Every kind the installed apps declare, by code, in settings order."""
    installed = tuple(config.name for config in apps.get_app_configs())
    return dict(_kinds_of(installed))


@lru_cache(maxsize=8)
def _kinds_of(installed: tuple[str, ...]) -> tuple[tuple[str, RuleKind], ...]:
    found: dict[str, RuleKind] = {}
    for config, module in app_modules(PLUGIN_MODULE):
        for kind in getattr(module, "RULE_KINDS", []):
            if not isinstance(kind, RuleKind):
                raise TypeError(f"{config.name}.{PLUGIN_MODULE}.RULE_KINDS holds {kind!r}, not a RuleKind")
            if kind.code in found:
                raise ValueError(f"rule kind {kind.code!r} is declared twice ({config.name})")
            found[kind.code] = kind
    return tuple(found.items())


def rule_kind(code: str) -> RuleKind:
    """The declared kind ``code``; ``UnknownRuleKindError`` if no installed app declares it."""
    try:
        return declared_kinds()[code]
    except KeyError:
        raise UnknownRuleKindError(code) from None
