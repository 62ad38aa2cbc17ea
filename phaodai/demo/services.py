"""Building the demo province: villages, households and residents of real Lào Cai communes.

``demo_seed`` expects the real 2021 map to be loaded (``manage.py load_units --era 2021``;
the ``seed_demo`` command does that first). It never goes through the per-row
services: rows are built in memory and written with ``bulk_create`` (see
``demo.bulk``), with one audit row for the whole seeding.

Determinism: each commune draws from its own ``random.Random(f"{seed}:{commune code}")``
and communes are processed in code order, so the same seed on an empty database
gives the same names, CCCDs, phones, UUIDs and primary keys every time.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.models import AdminUnit, PopulationCount
from phaodai.audit.models import AuditAction
from phaodai.audit.services import audit_record
from phaodai.core.queries import prefix_q
from phaodai.demo.accounts import demo_users_create
from phaodai.demo.builder import ProvinceBuilder
from phaodai.demo.bulk import analyze, reset_sequences
from phaodai.demo.enums import Scale
from phaodai.people.duplicates import find_duplicates_bulk
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person
from phaodai.people.services import population_count_from_registry

ERA_CODE = "2021"
PROVINCE_CODE = "10"  # Tỉnh Lào Cai in the 2021 GSO list
DISTRICT_CODE = "085"  # Huyện Bắc Hà
# Small scale: Thị trấn Bắc Hà (residential groups), Xã Bản Phố and Xã Tà Chải (villages).
SMALL_COMMUNE_CODES = ("02839", "02866", "02872")
SCALE_PEOPLE = {Scale.SMALL: 450, Scale.MEDIUM: 100_000, Scale.LARGE: 1_000_000}
DUPLICATE_COMMUNES = 20
# Relative size of a commune's population by its kind (towns are denser).
_COMMUNE_WEIGHT = {UnitType.WARD: 2.0, UnitType.TOWNSHIP: 1.6}

Log = Callable[[str], None]


@dataclass
class SeedSummary:
    scale: str
    seed: int
    year: int
    communes: int = 0
    villages: int = 0
    households: int = 0
    liaison_groups: int = 0
    people: int = 0
    duplicates: int = 0
    duplicate_pairs: int = 0
    users: int = 0
    population_rows: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def demo_province(*, era_code: str = ERA_CODE) -> AdminUnit:
    """Tỉnh Lào Cai of the 2021 map; a ValidationError if the map is not loaded."""
    province = AdminUnit.objects.filter(
        era__code=era_code, code=PROVINCE_CODE, level=UnitLevel.PROVINCE
    ).first()
    if province is None:
        raise ValidationError(
            _("Chưa có bản đồ hành chính %(era)s: chạy 'manage.py load_units --era %(era)s' trước.")
            % {"era": era_code}
        )
    return province


def demo_communes(*, province: AdminUnit, scale: Scale) -> list[AdminUnit]:
    """The real communes to populate: three of Bắc Hà for ``small``, every commune otherwise."""
    communes = AdminUnit.objects.filter(prefix_q("path", province.path), level=UnitLevel.COMMUNE)
    if scale == Scale.SMALL:
        chosen = list(communes.filter(code__in=SMALL_COMMUNE_CODES).select_related("parent").order_by("code"))
        if len(chosen) == len(SMALL_COMMUNE_CODES):
            return chosen
        communes = communes.filter(parent__code=DISTRICT_CODE)
        return list(communes.select_related("parent").order_by("code")[: len(SMALL_COMMUNE_CODES)])
    return list(communes.select_related("parent").order_by("code"))


def _commune_targets(rng: random.Random, communes: list[AdminUnit], total: int) -> list[int]:
    weights = [_COMMUNE_WEIGHT.get(c.unit_type, 1.0) * rng.uniform(0.7, 1.3) for c in communes]
    scale = total / sum(weights)
    return [max(12, round(w * scale)) for w in weights]


def _village_count(rng: random.Random, commune: AdminUnit, scale: Scale) -> int:
    if scale == Scale.SMALL:
        return rng.randint(5, 7)
    if commune.unit_type == UnitType.WARD:
        return rng.randint(8, 15)
    return rng.randint(5, 15)


@transaction.atomic
def demo_seed(
    *, scale: Scale, seed: int = 42, today: dt.date | None = None, log: Log | None = None
) -> SeedSummary:
    """Populate Lào Cai (2021 map) with villages, households, residents and demo users.

    Refuses (ValidationError) when residents already exist. Returns what was created.
    """
    started = time.monotonic()
    say = log or (lambda _message: None)
    if Person.objects.exists():
        raise ValidationError(
            _("Cơ sở dữ liệu đã có nhân khẩu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
        )
    today = today or timezone.localdate()
    province = demo_province()
    communes = demo_communes(province=province, scale=scale)
    summary = SeedSummary(scale=str(scale), seed=seed, year=today.year, communes=len(communes))
    rng = random.Random(seed)
    targets = _commune_targets(rng, communes, SCALE_PEOPLE[scale])
    # A few residents registered twice (R-02 duplicates queue), in up to 20 random communes.
    with_duplicates = rng.sample(range(len(communes)), min(DUPLICATE_COMMUNES, len(communes)))
    duplicates = Counter(rng.choices(with_duplicates, k=max(6, SCALE_PEOPLE[scale] // 2000)))
    builder = ProvinceBuilder(era=province.era, today=today)
    for number, (commune, target) in enumerate(zip(communes, targets, strict=True)):
        commune_rng = random.Random(f"{seed}:{commune.code}")
        villages = _village_count(commune_rng, commune, scale)
        builder.commune(commune_rng, commune, people=target, villages=villages, duplicates=duplicates[number])
        if (number + 1) % 20 == 0:
            say(_("… %(n)d/%(total)d xã") % {"n": number + 1, "total": len(communes)})
    builder.writer.flush(force=True)
    reset_sequences(AdminUnit, LiaisonGroup, Household, Person)
    written = builder.writer.written
    summary.villages, summary.liaison_groups = written[AdminUnit], written[LiaisonGroup]
    summary.households, summary.people = written[Household], written[Person]
    summary.duplicates = builder.duplicates
    summary.timings["people"] = time.monotonic() - started
    # The duplicates queue: the people app's bulk scan, on the communes given duplicates.
    for number in sorted(set(duplicates)):
        summary.duplicate_pairs += find_duplicates_bulk(area=communes[number])
    summary.population_rows = population_count_from_registry(year=today.year, era=province.era)
    analyze(AdminUnit, LiaisonGroup, Household, Person, DuplicateCandidate, PopulationCount)
    summary.timings["queue_and_population"] = time.monotonic() - started - summary.timings["people"]
    summary.users = len(demo_users_create(province=province, communes=communes))
    audit_record(
        actor=None,
        action=AuditAction.CREATED,
        target=province,
        area_path=province.path,
        changes={
            "scale": str(scale),
            "seed": seed,
            "people": summary.people,
            "households": summary.households,
        },
        summary=_("Nạp dữ liệu mẫu: %(n)d nhân khẩu") % {"n": summary.people},
    )
    summary.seconds = time.monotonic() - started
    return summary
