"""Synthetic villages (thôn, bản, tổ dân phố) for a real commune: names, kinds and ethnic mix."""

from __future__ import annotations

import random
from dataclasses import dataclass

from phaodai.areas.enums import UnitType
from phaodai.people.demo.generators import pick
from phaodai.people.demo.namelists import (
    HIGHLAND_FIRST,
    KINH_VILLAGE_NAMES,
    SECOND,
    VALLEY_FIRST,
    Weighted,
)
from phaodai.people.enums import Ethnicity

URBAN_TYPES = frozenset({UnitType.WARD, UnitType.TOWNSHIP})
_HIGHLAND = frozenset({Ethnicity.HMONG, Ethnicity.DAO, Ethnicity.HA_NHI, Ethnicity.PHU_LA})


@dataclass(frozen=True)
class VillagePlan:
    code: str  # "<commune code>-01"
    name: str
    unit_type: UnitType
    main_ethnicity: str
    mix: Weighted  # ethnic mix of its households

    def draw_ethnicity(self, rng: random.Random) -> str:
        return pick(rng, self.mix)


def _village_name(rng: random.Random, main: str, taken: set[str]) -> tuple[str, UnitType]:
    for attempt in range(50):
        if main == Ethnicity.KINH:
            base = rng.choice(KINH_VILLAGE_NAMES)
        else:
            first = rng.choice(HIGHLAND_FIRST if main in _HIGHLAND else VALLEY_FIRST)
            base = f"{first} {rng.choice(SECOND)}"
        if attempt > 10:
            base = f"{base} {attempt - 9}"
        if base not in taken:
            taken.add(base)
            kind = UnitType.HAMLET if main in _HIGHLAND and rng.random() < 0.3 else UnitType.VILLAGE
            return base, kind
    raise RuntimeError("no free village name")  # pragma: no cover - 50 attempts always find one


def plan_villages(
    rng: random.Random, *, commune_code: str, commune_type: str, count: int, district_mix: Weighted
) -> list[VillagePlan]:
    """``count`` villages for one commune; in a ward or township they are numbered residential groups."""
    plans = []
    taken: set[str] = set()
    for number in range(1, count + 1):
        main = pick(rng, district_mix)
        # Three households in four belong to the village's main group; the rest follow the district.
        mix: Weighted = ((main, 3 * sum(w for _, w in district_mix)), *district_mix)
        code = f"{commune_code}-{number:02d}"
        if commune_type in URBAN_TYPES:
            plans.append(VillagePlan(code, f"Tổ dân phố số {number}", UnitType.RESIDENTIAL_GROUP, main, mix))
            continue
        base, kind = _village_name(rng, main, taken)
        prefix = "Bản" if kind == UnitType.HAMLET else "Thôn"
        plans.append(VillagePlan(code, f"{prefix} {base}", kind, main, mix))
    return plans
