"""The pure generators: households, names, CCCD and phone numbers (no database)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from phaodai.people.demo.generators import (
    HouseholdDraft,
    IdentityIssuer,
    Kin,
    Resident,
    assemble_households,
    birth_date_for,
    draw_residents,
    dress_household,
)
from phaodai.people.demo.namelists import DISTRICT_ETHNIC_MIX
from phaodai.people.demo.villages import plan_villages
from phaodai.people.enums import Ethnicity, Sex
from phaodai.people.validators import cccd_facts, normalize_phone, validate_national_id

TODAY = dt.date(2021, 9, 1)


@pytest.mark.parametrize(("_case", "size"), [("tiny", 3), ("small", 11), ("village", 90), ("big", 700)])
def test_assemble_households_places_everyone_once_in_households_of_3_to_6(_case, size):
    # given residents of one village
    rng = random.Random(size)
    residents = draw_residents(rng, size, TODAY)

    # when they are grouped into households
    households = assemble_households(rng, residents)

    # then each resident is in exactly one household of 3–6 people
    placed = [id(r) for h in households for r in h.members]
    assert sorted(placed) == sorted(id(r) for r in residents)
    assert {len(h.members) for h in households} <= {3, 4, 5, 6}


def test_household_heads_are_adults_and_children_are_younger_than_the_core():
    # given a large village
    rng = random.Random(5)
    households = assemble_households(rng, draw_residents(rng, 2000, TODAY))

    # then heads are adults, and a child of a couple is 17–45 years younger than the wife
    assert all(h.head.age >= 18 for h in households)
    plausible = 0
    children = 0
    for h in households:
        wife = next((r for r in h.members if r.kin == Kin.WIFE), None)
        for child in (r for r in h.members if r.kin == Kin.CHILD):
            children += 1
            plausible += wife is not None and 17 <= wife.age - child.age <= 45
    assert children > 500
    assert plausible / children > 0.9


def test_birth_date_gives_exactly_the_age():
    rng = random.Random(1)
    for age in (0, 1, 17, 18, 64, 65, 95):
        born = birth_date_for(rng, age, TODAY)
        had_birthday = (TODAY.month, TODAY.day) >= (born.month, born.day)
        assert TODAY.year - born.year - (0 if had_birthday else 1) == age


def test_dress_household_names_children_after_their_father():
    # given a Hmông couple with two children
    rng = random.Random(8)
    household = _family()

    # when dressed
    dress_household(
        rng, household, ethnicity=Ethnicity.HMONG, spouse_mix=((Ethnicity.HMONG, 1),), issuer=IdentityIssuer()
    )

    # then the children carry the husband's surname and nobody shares a given name
    husband, _wife, *children = household.members
    surname = husband.full_name.split(" ")[0]
    assert [c.full_name.split(" ")[0] for c in children] == [surname, surname]
    assert len({r.full_name.split(" ")[-1] for r in household.members}) == 4
    assert {r.ethnicity for r in household.members} == {Ethnicity.HMONG}


def test_issuer_gives_valid_unique_lao_cai_cccd_numbers():
    # given an issuer
    rng = random.Random(3)
    issuer = IdentityIssuer()

    # when it issues numbers for men and women born in both centuries
    people = [(Sex.MALE, 1950), (Sex.FEMALE, 1999), (Sex.MALE, 2003), (Sex.FEMALE, 2007)] * 500
    numbers = [issuer.national_id(rng, sex=sex, birth_year=year) for sex, year in people]

    # then every number is valid, Lào Cai's, unique, and encodes sex and birth year
    assert len(set(numbers)) == len(numbers)
    for number, (sex, year) in zip(numbers, people, strict=True):
        assert validate_national_id(number) == number
        facts = cccd_facts(number)
        assert facts is not None
        assert (facts.province, facts.sex, facts.birth_year) == ("Lào Cai", sex, year)


def test_issuer_gives_valid_unique_mobile_numbers():
    rng = random.Random(4)
    issuer = IdentityIssuer()
    phones = [issuer.phone(rng) for _ in range(3000)]
    assert len(set(phones)) == 3000
    assert all(normalize_phone(p) == p and len(p) == 10 for p in phones)


def test_plan_villages_numbers_codes_and_names_groups_in_towns():
    rng = random.Random(2)
    mix = DISTRICT_ETHNIC_MIX["085"]

    rural = plan_villages(rng, commune_code="02866", commune_type="xa", count=12, district_mix=mix)
    town = plan_villages(rng, commune_code="02839", commune_type="thi_tran", count=3, district_mix=mix)

    assert [v.code for v in rural] == [f"02866-{n:02d}" for n in range(1, 13)]
    assert len({v.name for v in rural}) == 12
    assert all(v.name.startswith(("Thôn ", "Bản ")) for v in rural)
    assert [v.name for v in town] == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]
    assert {v.unit_type for v in town} == {"to_dan_pho"}


def test_same_seed_same_village_different_seed_different_village():
    def village(seed: int) -> list[str]:
        rng = random.Random(seed)
        households = assemble_households(rng, draw_residents(rng, 60, TODAY))
        for h in households:
            dress_household(
                rng, h, ethnicity=Ethnicity.KINH, spouse_mix=((Ethnicity.TAY, 1),), issuer=IdentityIssuer()
            )
        return [
            f"{r.full_name}|{r.birth_date}|{r.national_id}|{r.uuid}" for h in households for r in h.members
        ]

    assert village(42) == village(42)
    assert village(42) != village(43)


def test_ethnic_styles_give_typical_names():
    rng = random.Random(6)
    names: Counter[str] = Counter()
    for ethnicity in (Ethnicity.HMONG, Ethnicity.DAO, Ethnicity.KINH):
        for _ in range(200):
            household = _family()
            dress_household(
                rng, household, ethnicity=ethnicity, spouse_mix=((ethnicity, 1),), issuer=IdentityIssuer()
            )
            names.update(f"{ethnicity}:{r.full_name.split(' ')[0]}" for r in household.members)
    assert names[f"{Ethnicity.HMONG}:Giàng"] > 0
    assert names[f"{Ethnicity.DAO}:Triệu"] > 0
    assert names[f"{Ethnicity.KINH}:Nguyễn"] > names[f"{Ethnicity.KINH}:Trần"]
    assert not any(key.startswith(f"{Ethnicity.HMONG}:Nguyễn") for key in names)


def _family() -> HouseholdDraft:
    husband = Resident(40, Sex.MALE, 1981, dt.date(1981, 3, 2), Kin.HUSBAND)
    wife = Resident(36, Sex.FEMALE, 1985, None, Kin.WIFE)
    son = Resident(14, Sex.MALE, 2007, dt.date(2007, 1, 9), Kin.CHILD)
    daughter = Resident(9, Sex.FEMALE, 2012, dt.date(2012, 5, 30), Kin.CHILD)
    return HouseholdDraft([husband, wife, son, daughter])
