"""The people registry's part of the demo province: villages, households, groups and residents.

Determinism: each commune draws from its own ``random.Random(f"{seed}:{commune code}")`` and
communes are processed in code order, so the same seed on an empty database gives the same
names, CCCDs, phones, UUIDs and primary keys every time.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitType
from phaodai.areas.models import AdminUnit, PopulationCount
from phaodai.core.bulk import reset_sequences
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor, Scale
from phaodai.people.demo.builder import ProvinceBuilder
from phaodai.people.duplicates import find_duplicates_bulk
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person
from phaodai.people.services import population_count_from_registry

SCALE_PEOPLE = {Scale.SMALL: 450, Scale.MEDIUM: 100_000, Scale.LARGE: 1_000_000}
DUPLICATE_COMMUNES = 20
# Relative size of a commune's population by its kind (towns are denser).
_COMMUNE_WEIGHT: dict[str, float] = {UnitType.WARD: 2.0, UnitType.TOWNSHIP: 1.6}


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


def seed_people(context: DemoContext) -> DemoContribution:
    """Villages, households, liaison groups and residents for every commune; the duplicates
    queue (the people app's bulk scan) and the registry population of this year."""
    started = time.monotonic()
    communes = context.communes
    rng = random.Random(context.seed)
    targets = _commune_targets(rng, communes, SCALE_PEOPLE[context.scale])
    # A few residents registered twice (R-02 duplicates queue), in up to 20 random communes.
    with_duplicates = rng.sample(range(len(communes)), min(DUPLICATE_COMMUNES, len(communes)))
    duplicates = Counter(rng.choices(with_duplicates, k=max(6, SCALE_PEOPLE[context.scale] // 2000)))
    builder = ProvinceBuilder(era=context.province.era, today=context.today)
    for number, (commune, target) in enumerate(zip(communes, targets, strict=True)):
        commune_rng = random.Random(f"{context.seed}:{commune.code}")
        villages = _village_count(commune_rng, commune, context.scale)
        builder.commune(commune_rng, commune, people=target, villages=villages, duplicates=duplicates[number])
        if (number + 1) % 20 == 0:
            context.log(_("… %(n)d/%(total)d xã") % {"n": number + 1, "total": len(communes)})
    builder.writer.flush(force=True)
    reset_sequences(AdminUnit, LiaisonGroup, Household, Person)
    written = builder.writer.written
    people_seconds = time.monotonic() - started
    pairs = sum(find_duplicates_bulk(area=communes[number]) for number in sorted(set(duplicates)))
    population_rows = population_count_from_registry(year=context.today.year, era=context.province.era)
    counts = {
        "communes": len(communes),
        "villages": written[AdminUnit],
        "liaison_groups": written[LiaisonGroup],
        "households": written[Household],
        "people": written[Person],
        "duplicates": builder.duplicates,
        "duplicate_pairs": pairs,
        "population_rows": population_rows,
    }
    context.shared["timings"] = {
        "people": people_seconds,
        "queue_and_population": time.monotonic() - started - people_seconds,
    }
    return DemoContribution(
        counts=counts,
        lines=[
            _("  %(n)d xã/phường/thị trấn, %(v)d thôn/bản/tổ dân phố, %(g)d tổ liên gia")
            % {"n": len(communes), "v": counts["villages"], "g": counts["liaison_groups"]},
            _("  %(h)d hộ gia đình, %(p)d nhân khẩu (trong đó %(d)d bản ghi trùng cố ý)")
            % {"h": counts["households"], "p": counts["people"], "d": counts["duplicates"]},
            _(
                "  %(n)d cặp nghi trùng chờ xem xét, %(c)d ô dân số theo nhóm tuổi (năm %(y)d, từ sổ nhân khẩu)"
            )
            % {"n": pairs, "c": population_rows, "y": context.today.year},
        ],
        analyze=(AdminUnit, LiaisonGroup, Household, Person, DuplicateCandidate, PopulationCount),
    )


CONTRIBUTORS = [DemoContributor(name="people", order=100, seed=seed_people)]
