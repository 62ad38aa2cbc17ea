"""Plain factories for establishments (rows written straight, as a migrated row would be)."""

from __future__ import annotations

import itertools
from typing import Any

from phaodai.areas.models import AdminUnit
from phaodai.establishments.enums import EstablishmentKind
from phaodai.establishments.models import Establishment, Member
from phaodai.establishments.services import derive_establishment

_numbers = itertools.count(1)


def make_establishment(
    *, unit: AdminUnit, kind: str = EstablishmentKind.FACTORY, name: str | None = None, **overrides: Any
) -> Establishment:
    establishment = Establishment(
        unit=unit, kind=kind, name=name or f"Cơ sở số {next(_numbers)}", **overrides
    )
    derive_establishment(establishment)
    establishment.save()
    return establishment


def make_member(
    *, establishment: Establishment, full_name: str = "Người lao động", **overrides: Any
) -> Member:
    return Member.objects.create(
        establishment=establishment, unit=establishment.unit, full_name=full_name, **overrides
    )
