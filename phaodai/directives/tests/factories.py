"""Test data for the directives app, through its services (deterministic, no lookups)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.directives.enums import DirectiveKind, Urgency
from phaodai.directives.models import Directive
from phaodai.directives.services import directive_create

_numbers = itertools.count(1)


def make_directive(
    *,
    actor: User,
    unit: AdminUnit,
    issued_on: dt.date = dt.date(2021, 8, 26),
    issuing_body: str = "Huyện ủy Bắc Hà",
    kind: str = DirectiveKind.OFFICIAL_LETTER,
    summary: str | None = None,
    text: str = "Nội dung văn bản.",
    **overrides: Any,
) -> Directive:
    number = next(_numbers)
    directive, _created = directive_create(
        actor=actor,
        unit=unit,
        issuing_body=issuing_body,
        issued_on=issued_on,
        kind=kind,
        summary=summary or f"V/v văn bản thử số {number}",
        text=text,
        urgency=overrides.pop("urgency", Urgency.NORMAL),
        today=overrides.pop("today", dt.date(2021, 12, 31)),
        **overrides,
    )
    return directive
