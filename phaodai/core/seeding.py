"""How apps contribute to the demo province (``manage.py seed_demo``), without naming each other.

Each app that has demo data lists its ``CONTRIBUTORS`` in its own ``demo.py`` (a module, or a
package's ``__init__``). The demo app (development and tests only) runs them in ``order`` in
one transaction, each given the same ``DemoContext``, and prints what each made. A
contributor writes through its app's services or, for speed, with ``core.bulk`` after
deriving every computed column with the app's own derivation functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.plugins import app_modules


class Scale(models.TextChoices):
    """How big a demo province to build."""

    SMALL = "small", _("Nhỏ: 3 xã của huyện Bắc Hà, vài trăm người (cho kiểm thử)")
    MEDIUM = "medium", _("Vừa: cả tỉnh Lào Cai, khoảng 100 nghìn người (chạy thử)")
    LARGE = "large", _("Lớn: cả tỉnh Lào Cai, khoảng 1 triệu người (đo hiệu năng)")


@dataclass
class DemoContext:
    """What every contributor is given: the scale, the seed, the day, the province and its communes.

    ``shared`` carries what one contributor leaves for a later one (by name), and ``log``
    prints a progress line.
    """

    scale: Scale
    seed: int
    today: dt.date
    province: Any  # areas.AdminUnit (core sits below areas)
    communes: list[Any]
    log: Callable[[str], None]
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoContribution:
    """What a contributor made: counts by name, the lines the command prints, tables to ANALYZE."""

    counts: Mapping[str, int]
    lines: Sequence[str] = ()
    analyze: Sequence[type[models.Model]] = ()


@dataclass(frozen=True)
class DemoContributor:
    name: str
    order: int
    seed: Callable[[DemoContext], DemoContribution]


@cache
def demo_contributors() -> tuple[DemoContributor, ...]:
    """Every installed app's contributors, in their order."""
    found = [c for _config, module in app_modules("demo") for c in getattr(module, "CONTRIBUTORS", ())]
    return tuple(sorted(found, key=lambda contributor: (contributor.order, contributor.name)))
