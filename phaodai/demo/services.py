"""Building the demo province: the real 2021 map of Lào Cai, filled by every app's contributors.

``demo_seed`` expects the real 2021 map to be loaded (``manage.py load_units --era 2021``;
the ``seed_demo`` command does that first). It picks the province and the communes to fill,
then runs each installed app's contributors (``core.seeding``: ``people`` builds villages,
households and residents; ``accounts`` the demo sign-ins; later apps their own records) in
one transaction, refreshes the planner's statistics and writes one audit row.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.bulk import analyze
from phaodai.core.seeding import DemoContext, Scale, demo_contributors
from phaodai.demo.events import DEMO_SEEDED
from phaodai.demo.selectors import registry_is_empty

ERA_CODE = "2021"
PROVINCE_CODE = "10"  # Tỉnh Lào Cai in the 2021 GSO list
DISTRICT_CODE = "085"  # Huyện Bắc Hà
# Small scale: Thị trấn Bắc Hà (residential groups), Xã Bản Phố and Xã Tà Chải (villages).
SMALL_COMMUNE_CODES = ("02839", "02866", "02872")

Log = Callable[[str], None]


@dataclass
class SeedSummary:
    """What the seeding made: each contributor's counts by name (``summary.people``), its lines."""

    scale: str
    seed: int
    year: int
    communes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return int(counts[name])
        raise AttributeError(name)


def demo_province(*, era_code: str = ERA_CODE) -> AdminUnit:
    """Tỉnh Lào Cai of the 2021 map; a ValidationError if the map is not loaded."""
    province = (
        AdminUnit.objects.unscoped()
        .filter(era__code=era_code, code=PROVINCE_CODE, level=UnitLevel.PROVINCE)
        .select_related("era")
        .first()
    )
    if province is None:
        raise ValidationError(
            _("Chưa có bản đồ hành chính %(era)s: chạy 'manage.py load_units --era %(era)s' trước.")
            % {"era": era_code}
        )
    return province


def demo_communes(*, province: AdminUnit, scale: Scale) -> list[AdminUnit]:
    """The real communes to populate: three of Bắc Hà for ``small``, every commune otherwise.

    The small scale's three come first at every scale: the demo users work there, and the
    contributors that fill only the first N communes (requests, welfare, establishments…) then
    fill the communes the demo users see."""
    communes = AdminUnit.objects.within(province.path).filter(level=UnitLevel.COMMUNE)
    if scale == Scale.SMALL:
        chosen = list(communes.filter(code__in=SMALL_COMMUNE_CODES).select_related("parent").order_by("code"))
        if len(chosen) == len(SMALL_COMMUNE_CODES):
            return chosen
        communes = communes.filter(parent__code=DISTRICT_CODE)
        return list(communes.select_related("parent").order_by("code")[: len(SMALL_COMMUNE_CODES)])
    every = list(communes.select_related("parent").order_by("code"))
    return sorted(every, key=lambda commune: commune.code not in SMALL_COMMUNE_CODES)


@transaction.atomic
def demo_seed(
    *, scale: Scale, seed: int = 42, today: dt.date | None = None, log: Log | None = None
) -> SeedSummary:
    """Populate Lào Cai (2021 map) with every app's demo records and the demo users.

    Refuses (ValidationError) when residents already exist. Returns what was created.
    """
    started = time.monotonic()
    if not registry_is_empty():
        raise ValidationError(
            _("Cơ sở dữ liệu đã có nhân khẩu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
        )
    today = today or timezone.localdate()
    province = demo_province()
    communes = demo_communes(province=province, scale=scale)
    context = DemoContext(
        scale=scale,
        seed=seed,
        today=today,
        province=province,
        communes=communes,
        log=log or (lambda _message: None),
    )
    summary = SeedSummary(scale=str(scale), seed=seed, year=today.year, communes=len(communes))
    to_analyze: list[type] = []
    for contributor in demo_contributors():
        begun = time.monotonic()
        made = contributor.seed(context)
        summary.counts.update(made.counts)
        summary.lines.extend(made.lines)
        to_analyze.extend(model for model in made.analyze if model not in to_analyze)
        summary.timings[contributor.name] = time.monotonic() - begun
    summary.timings.update(context.shared.get("timings", {}))
    analyze(*to_analyze)
    audit_record(
        actor=None,
        event=DEMO_SEEDED,
        target=province,
        area_path=province.path,
        changes={"scale": str(scale), "seed": seed, **summary.counts},
        params={"n": summary.counts.get("people", 0)},
    )
    summary.seconds = time.monotonic() - started
    return summary
