"""Pure generators of demo residents and households: no database, only a ``random.Random``.

A village is generated in three steps so that the province's age pyramid and
sex ratio hold exactly in distribution while families still look like families:

1. ``draw_residents``: ages from the pyramid, sex 50/50, birth dates (some year only).
2. ``assemble_households``: couples are matched by age; couples and single adults
   become the cores of households of 3–6 people; children, grandparents, adult
   children and relatives join a core whose ages fit.
3. ``dress_household``: ethnicity, names (surnames passed down the father's line),
   CCCD, phone, chronic conditions, pregnancy, and whether the person is away.

Every function takes the ``random.Random`` it draws from; nothing reads the global
generator, so the same seed always gives the same province.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from phaodai.core.text import fold
from phaodai.people.demo.namelists import (
    AGE_PYRAMID,
    AWAY_LOCATIONS,
    CHRONIC_CONDITIONS,
    MOBILE_PREFIXES,
    NAME_STYLES,
    NameStyle,
    Weighted,
)
from phaodai.people.enums import ResidenceStatus, Sex

MIN_HOUSEHOLD = 3
MAX_HOUSEHOLD = 6
MEAN_HOUSEHOLD = 4.4
# Lào Cai's province code inside a CCCD (Thông tư 07/2016/TT-BCA, Phụ lục I).
CCCD_PROVINCE = "010"


class Kin(StrEnum):
    """How a resident is related to the core of their household."""

    HUSBAND = "husband"
    WIFE = "wife"
    SINGLE = "single"  # a core without a spouse: widowed, divorced, unmarried
    CHILD = "child"
    CHILD_IN_LAW = "child_in_law"  # the wife of a son living with his parents
    PARENT_HUSBAND_SIDE = "parent_h"
    PARENT_WIFE_SIDE = "parent_w"
    RELATIVE = "relative"


@dataclass(eq=False)  # two residents are the same only if they are the same object
class Resident:
    age: int
    sex: str
    birth_year: int
    birth_date: dt.date | None
    kin: Kin = Kin.RELATIVE
    ethnicity: str = ""
    full_name: str = ""
    national_id: str = ""
    phone: str = ""
    residence_status: str = ResidenceStatus.PERMANENT
    away_location: str = ""
    chronic_conditions: list[str] = field(default_factory=list)
    is_pregnant: bool = False
    uuid: uuid.UUID | None = None


@dataclass
class HouseholdDraft:
    members: list[Resident]  # the head first

    @property
    def head(self) -> Resident:
        return self.members[0]


def pick(rng: random.Random, weighted: Weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    value: str = rng.choices(values, weights=weights)[0]
    return value


def draw_age(rng: random.Random) -> int:
    low, high, _ = rng.choices(AGE_PYRAMID, weights=[band[2] for band in AGE_PYRAMID])[0]
    if low >= 65:
        # Fewer people at each older age: weight (96 - age)^1.5.
        ages = range(low, high + 1)
        return rng.choices(ages, weights=[(96 - a) ** 1.5 for a in ages])[0]
    return rng.randint(low, high)


def birth_date_for(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date at which someone is exactly ``age`` on ``today``."""
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - age, day=28)
    return anniversary - dt.timedelta(days=rng.randrange(365))


def draw_residents(rng: random.Random, count: int, today: dt.date) -> list[Resident]:
    residents = []
    for _ in range(count):
        age = draw_age(rng)
        born = birth_date_for(rng, age, today)
        # Older people more often know only their year of birth.
        year_only = rng.random() < (0.25 if age >= 50 else 0.03)
        sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
        residents.append(Resident(age, sex, born.year, None if year_only else born))
    return residents


# --- households ----------------------------------------------------------------------------------


def _match_couples(
    rng: random.Random, adults: list[Resident]
) -> tuple[list[tuple[Resident, Resident]], list[Resident]]:
    """Pair men and women of close age (the husband from 4 years younger to 10 older)."""
    married = [a for a in adults if a.age >= 21 and rng.random() < 0.88]
    men = sorted((a for a in married if a.sex == Sex.MALE), key=lambda r: r.age)
    women = sorted((a for a in married if a.sex == Sex.FEMALE), key=lambda r: r.age)
    couples: list[tuple[Resident, Resident]] = []
    i = j = 0
    while i < len(men) and j < len(women):
        gap = men[i].age - women[j].age
        if -4 <= gap <= 10:
            couples.append((men[i], women[j]))
            i += 1
            j += 1
        elif gap < -4:
            i += 1
        else:
            j += 1
    paired = {id(r) for couple in couples for r in couple}
    return couples, [a for a in adults if id(a) not in paired]


# How many people a household is meant to have (Lào Cai's mountain households are large).
HOUSEHOLD_SIZES: tuple[tuple[int, int], ...] = ((3, 25), (4, 35), (5, 25), (6, 15))
_CORE = frozenset({Kin.HUSBAND, Kin.WIFE, Kin.SINGLE})


@dataclass
class _Home:
    """A household being assembled around its core (a couple or a single adult)."""

    members: list[Resident]
    intended: int  # the size it is meant to reach
    core_age: int = 0  # children and parents of the core are compared with this age (the wife's)
    parent_sexes: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        wives = [r for r in self.members if r.kin == Kin.WIFE]
        self.core_age = wives[0].age if wives else self.members[0].age


def pick_size(rng: random.Random) -> int:
    sizes, weights = zip(*HOUSEHOLD_SIZES, strict=True)
    size: int = rng.choices(sizes, weights=weights)[0]
    return size


# Households looked at when placing one person: a random sample keeps big villages fast.
_SAMPLE = 48


def _place(rng: random.Random, homes: list[_Home], unit: list[Resident]) -> None:
    """Put a unit (one person or a couple) into a household whose ages fit, else anywhere with room."""
    eldest = max(r.age for r in unit)
    pool = homes if len(homes) <= _SAMPLE else rng.sample(homes, _SAMPLE)
    room = [h for h in pool if len(h.members) + len(unit) <= MAX_HOUSEHOLD]
    if not room and pool is not homes:
        room = [h for h in homes if len(h.members) + len(unit) <= MAX_HOUSEHOLD]
    as_child = [h for h in room if 17 <= h.core_age - eldest <= 45]
    as_parent = [
        h for h in room if 18 <= eldest - h.core_age <= 45 and not any(r.sex in h.parent_sexes for r in unit)
    ]
    if as_child and (not as_parent or unit[0].age < 40):
        candidates, kin = as_child, Kin.CHILD
    elif as_parent:
        candidates, kin = as_parent, Kin.PARENT_HUSBAND_SIDE
    elif room:
        candidates, kin = room, Kin.RELATIVE
    else:  # every household is full: the unit becomes a household of its own
        unit[0].kin = Kin.SINGLE
        if len(unit) == 2:
            unit[1].kin = Kin.WIFE
        homes.append(_Home(list(unit), intended=MAX_HOUSEHOLD))
        return
    wanting = [h for h in candidates if len(h.members) + len(unit) <= h.intended]
    home = rng.choice(wanting or candidates)
    if kin == Kin.PARENT_HUSBAND_SIDE:
        home.parent_sexes.update(r.sex for r in unit)
        if rng.random() < 0.3:
            kin = Kin.PARENT_WIFE_SIDE
    for position, resident in enumerate(unit):
        resident.kin = Kin.CHILD_IN_LAW if (kin == Kin.CHILD and position == 1) else kin
    home.members.extend(unit)


def _repair_sizes(homes: list[_Home]) -> None:
    """Bring every household to 3–6 people by moving non-core members, or merging a small one."""
    for small in [h.members for h in homes if len(h.members) < MIN_HOUSEHOLD]:
        while len(small) < MIN_HOUSEHOLD:
            donors = [
                h.members
                for h in homes
                if len(h.members) > MIN_HOUSEHOLD and any(r.kin not in _CORE for r in h.members)
            ]
            if not donors:
                break
            donor = max(donors, key=len)
            moved = next(r for r in reversed(donor) if r.kin not in _CORE)
            donor.remove(moved)
            moved.kin = Kin.RELATIVE
            small.append(moved)
        if len(small) < MIN_HOUSEHOLD:
            hosts = [
                h.members
                for h in homes
                if h.members is not small and len(h.members) + len(small) <= MAX_HOUSEHOLD
            ]
            if hosts:
                host = min(hosts, key=len)
                for resident in small:
                    resident.kin = Kin.RELATIVE
                host.extend(small)
                small.clear()
    homes[:] = [h for h in homes if h.members]


def assemble_households(rng: random.Random, residents: Sequence[Resident]) -> list[HouseholdDraft]:
    """Group a village's residents into households of 3–6 people (when there are at least 3)."""
    if not residents:
        return []
    target = max(1, round(len(residents) / MEAN_HOUSEHOLD))
    adults = [r for r in residents if r.age >= 18]
    children = [r for r in residents if r.age < 18]
    couples, singles = _match_couples(rng, adults)
    couples.sort(key=lambda c: c[1].age)
    leftover: list[list[Resident]] = []
    if len(couples) > target:
        # Too many couples for the households: the eldest live with a child's family,
        # then the youngest with their parents.
        excess = len(couples) - target
        elders = [c for c in couples if c[1].age >= 55][-excess:]
        elder_ids = {id(c) for c in elders}
        young = [c for c in couples if id(c) not in elder_ids][: excess - len(elders)]
        moved = elder_ids | {id(c) for c in young}
        leftover = [list(c) for c in (*elders, *young)]
        couples = [c for c in couples if id(c) not in moved]
    cores: list[list[Resident]] = []
    for husband, wife in couples:
        husband.kin, wife.kin = Kin.HUSBAND, Kin.WIFE
        cores.append([husband, wife])
    singles.sort(key=lambda r: -r.age)
    while len(cores) < target and singles:
        head = singles.pop(next((i for i, s in enumerate(singles) if s.age < 70), 0))
        head.kin = Kin.SINGLE
        cores.append([head])
    if not cores:  # only children: a village needs an adult somewhere, but never crash
        first = children.pop(0)
        first.kin = Kin.SINGLE
        cores.append([first])
    homes = [_Home(core, intended=pick_size(rng)) for core in cores]
    for unit in [*leftover, *([s] for s in singles), *([c] for c in children)]:
        _place(rng, homes, unit)
    _repair_sizes(homes)
    drafts = []
    for home in homes:
        members = home.members
        head_index = 0
        if members[0].kin == Kin.HUSBAND and len(members) > 1 and rng.random() < 0.15:
            head_index = 1  # the wife is registered as head of household
        members.insert(0, members.pop(head_index))
        drafts.append(HouseholdDraft(members))
    return drafts


# --- names, papers and health ----------------------------------------------------------------------


def make_name(rng: random.Random, style: NameStyle, sex: str, surname: str | None = None) -> str:
    surname = surname or pick(rng, style.surnames)
    male = sex == Sex.MALE
    given = rng.choice(style.male_given if male else style.female_given)
    if rng.random() < style.no_middle:
        return f"{surname} {given}"
    middle = pick(rng, style.male_middles if male else style.female_middles)
    while given == middle:  # "Nguyễn Đức Đức" is not a name
        given = rng.choice(style.male_given if male else style.female_given)
    return f"{surname} {middle} {given}"


class IdentityIssuer:
    """Hands out unique CCCD numbers and phone numbers across the whole province."""

    def __init__(self, province_code: str = CCCD_PROVINCE) -> None:
        self.province_code = province_code
        self.national_ids: set[str] = set()
        self.phones: set[str] = set()

    def national_id(self, rng: random.Random, *, sex: str, birth_year: int) -> str:
        """PPP + century/sex digit + YY + 6 serial digits (0/1 for 1900s men/women, 2/3 for 2000s)."""
        century_digit = (birth_year // 100 - 19) * 2 + (1 if sex == Sex.FEMALE else 0)
        stem = f"{self.province_code}{century_digit}{birth_year % 100:02d}"
        while True:
            number = f"{stem}{rng.randrange(1_000_000):06d}"
            if number not in self.national_ids:
                self.national_ids.add(number)
                return number

    def phone(self, rng: random.Random) -> str:
        while True:
            number = f"{pick(rng, MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
            if number not in self.phones:
                self.phones.add(number)
                return number


def _surnames(rng: random.Random, draft: HouseholdDraft, style: NameStyle) -> dict[int, str]:
    """Surnames by id(resident): children take their father's, wives and mothers keep their own."""
    husband = next((r for r in draft.members if r.kin == Kin.HUSBAND), None)
    wife = next((r for r in draft.members if r.kin == Kin.WIFE), None)
    single = next((r for r in draft.members if r.kin == Kin.SINGLE), None)
    family = pick(rng, style.surnames)
    # A woman heading the household alone: the children carry their absent father's surname.
    fatherless = single is not None and single.sex == Sex.FEMALE
    family_of_core = pick(rng, style.surnames) if fatherless else family
    wife_name = pick(rng, style.surnames)
    if wife_name == family:
        wife_name = pick(rng, style.surnames)  # Hmông and Dao marry outside their clan
    names: dict[int, str] = {}
    for r in draft.members:
        if r.kin in (Kin.HUSBAND, Kin.SINGLE):
            names[id(r)] = family if (r is husband or r is single) else pick(rng, style.surnames)
        elif r.kin == Kin.WIFE and r is wife:
            names[id(r)] = wife_name
        elif r.kin == Kin.CHILD:
            names[id(r)] = family_of_core
        elif r.kin == Kin.PARENT_HUSBAND_SIDE and r.sex == Sex.MALE:
            names[id(r)] = family
        elif r.kin == Kin.PARENT_WIFE_SIDE and r.sex == Sex.MALE:
            names[id(r)] = wife_name
        elif r.kin == Kin.RELATIVE and rng.random() < 0.5:
            names[id(r)] = family
        else:
            names[id(r)] = pick(rng, style.surnames)
    return names


def dress_household(
    rng: random.Random,
    draft: HouseholdDraft,
    *,
    ethnicity: str,
    spouse_mix: Weighted,
    issuer: IdentityIssuer,
) -> None:
    """Give every member of a household an ethnicity, a name, papers and health facts."""
    style = NAME_STYLES[ethnicity]
    surnames = _surnames(rng, draft, style)
    given_taken: set[str] = set()
    for r in draft.members:
        r.ethnicity = ethnicity
        if r.kin in (Kin.WIFE, Kin.CHILD_IN_LAW) and rng.random() < 0.08:
            r.ethnicity = pick(rng, spouse_mix)
        person_style = NAME_STYLES[r.ethnicity]
        surname = surnames[id(r)] if r.ethnicity == ethnicity else pick(rng, person_style.surnames)
        for _ in range(6):  # no two members with the same given name, even without diacritics
            r.full_name = make_name(rng, person_style, r.sex, surname)
            if fold(r.full_name.rsplit(" ", 1)[-1]) not in given_taken:
                break
        given_taken.add(fold(r.full_name.rsplit(" ", 1)[-1]))
        _dress_person(rng, r, issuer)


def _dress_person(rng: random.Random, r: Resident, issuer: IdentityIssuer) -> None:
    r.uuid = uuid.UUID(int=rng.getrandbits(128), version=4)
    if r.age >= 14 and rng.random() < (0.96 if r.age >= 18 else 0.5):
        r.national_id = issuer.national_id(rng, sex=r.sex, birth_year=r.birth_year)
    phone_share = 0.85 if 18 <= r.age < 70 else (0.3 if r.age >= 15 else 0.0)
    if rng.random() < phone_share:
        r.phone = issuer.phone(rng)
    chronic_share = 0.10 if r.age >= 50 else (0.015 if r.age >= 18 else 0.0)
    if rng.random() < chronic_share:
        r.chronic_conditions = sorted({pick(rng, CHRONIC_CONDITIONS) for _ in range(rng.choice((1, 1, 2)))})
    if r.sex == Sex.FEMALE and 18 <= r.age <= 42 and rng.random() < 0.05:
        r.is_pregnant = True
    # about 3 % of residents work or study elsewhere, nearly all of them young adults.
    if 18 <= r.age <= 35 and not r.is_pregnant and rng.random() < 0.1:
        r.residence_status = ResidenceStatus.AWAY
        r.away_location = rng.choice(AWAY_LOCATIONS)
