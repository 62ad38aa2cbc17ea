"""Turns generated villages, households and residents into table rows, keys chosen up front."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.models import AdminUnit, MapEra
from phaodai.areas.services import path_segment
from phaodai.core.text import fold
from phaodai.demo.bulk import BulkWriter, IdBlock, Row
from phaodai.demo.duplicates import make_duplicates
from phaodai.demo.generators import (
    IdentityIssuer,
    Resident,
    assemble_households,
    draw_residents,
    dress_household,
)
from phaodai.demo.namelists import DISTRICT_ETHNIC_MIX, PROVINCE_ETHNIC_MIX, Weighted
from phaodai.demo.villages import URBAN_TYPES, VillagePlan, plan_villages
from phaodai.people.enums import Ethnicity
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.names import name_keys

HOUSEHOLDS_PER_GROUP = 10


@dataclass(frozen=True)
class Village:
    pk: int
    code: str
    name: str
    path: str
    unit_type: str


def is_high_risk(resident: Resident) -> bool:
    """The stored flag, as people.services derives it: a chronic condition or a pregnancy.

    The elderly are the third high-risk group of R-02; age is asked from the birth year
    at query time (it changes every year), so it is not part of the stored flag.
    """
    return bool(resident.chronic_conditions) or resident.is_pregnant


def _new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def split_people(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` people over ``parts`` villages of uneven size, each at least 3."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    return [max(3, round(total * w / sum(weights))) for w in weights]


def commune_mix(commune: AdminUnit) -> Weighted:
    """The district's ethnic mix; towns have more Kinh and Tày (traders, officials)."""
    mix = DISTRICT_ETHNIC_MIX.get(commune.parent.code if commune.parent else "", PROVINCE_ETHNIC_MIX)
    if commune.unit_type in URBAN_TYPES:
        return tuple((e, w * 3 if e in (Ethnicity.KINH, Ethnicity.TAY) else w) for e, w in mix)
    return mix


class ProvinceBuilder:
    """Generates communes one at a time and buffers their rows in a ``BulkWriter``."""

    def __init__(self, *, era: MapEra, today: dt.date) -> None:
        self.era = era
        self.today = today
        self.issuer = IdentityIssuer()
        self.unit_ids = IdBlock(AdminUnit)
        self.group_ids = IdBlock(LiaisonGroup)
        self.household_ids = IdBlock(Household)
        self.person_ids = IdBlock(Person)
        self.writer = BulkWriter([AdminUnit, LiaisonGroup, Household, Person])
        self.duplicates = 0

    def commune(
        self, rng: random.Random, commune: AdminUnit, *, people: int, villages: int, duplicates: int
    ) -> None:
        mix = commune_mix(commune)
        plans = plan_villages(
            rng, commune_code=commune.code, commune_type=commune.unit_type, count=villages, district_mix=mix
        )
        residents: list[Row] = []
        for plan, size in zip(plans, split_people(rng, people, len(plans)), strict=True):
            village = self._village(commune, plan)
            residents.extend(self._village_people(rng, village, plan, size, mix))
        for row in residents:
            self.writer.add(Person, row)
        for copy in make_duplicates(rng, residents, count=duplicates, new_pk=self.person_ids.take):
            self.writer.add(Person, copy)
            self.duplicates += 1
        self.writer.flush()

    def _village(self, commune: AdminUnit, plan: VillagePlan) -> Village:
        pk = self.unit_ids.take()
        village = Village(pk, plan.code, plan.name, commune.path + path_segment(pk), plan.unit_type)
        self.writer.add(
            AdminUnit,
            {
                "id": pk,
                "era_id": self.era.pk,
                "code": plan.code,
                "name": plan.name,
                "name_key": fold(plan.name),
                "level": UnitLevel.VILLAGE,
                "unit_type": plan.unit_type,
                "parent_id": commune.pk,
                "path": village.path,
                "depth": commune.depth + 1,
                "valid_from": self.era.valid_from,
                "valid_to": self.era.valid_to,
            },
        )
        return village

    def _village_people(
        self, rng: random.Random, village: Village, plan: VillagePlan, size: int, mix: Weighted
    ) -> list[Row]:
        drafts = assemble_households(rng, draw_residents(rng, size, self.today))
        group_count = max(1, round(len(drafts) / HOUSEHOLDS_PER_GROUP))
        groups: list[Row] = [
            {
                "id": self.group_ids.take(),
                "uuid": _new_uuid(rng),
                "unit_id": village.pk,
                "area_path": village.path,
                "name": _("Tổ liên gia số %(n)d") % {"n": number},
                "leader_id": None,
            }
            for number in range(1, group_count + 1)
        ]
        urban = village.unit_type == UnitType.RESIDENTIAL_GROUP
        people: list[Row] = []
        for index, draft in enumerate(drafts):
            dress_household(
                rng, draft, ethnicity=plan.draw_ethnicity(rng), spouse_mix=mix, issuer=self.issuer
            )
            group = groups[index * group_count // len(drafts)]
            household_id = self.household_ids.take()
            members = [self._person(r, village, household_id) for r in draft.members]
            if group["leader_id"] is None:
                group["leader_id"] = members[0]["id"]  # the head of the group's first household
            self.writer.add(
                Household,
                {
                    "id": household_id,
                    "uuid": _new_uuid(rng),
                    "code": f"{village.code}-{index + 1:03d}",
                    "unit_id": village.pk,
                    "area_path": village.path,
                    "address": f"Số {rng.randint(1, 250)}, {village.name}" if urban else village.name,
                    "head_id": members[0]["id"],
                    "liaison_group_id": group["id"],
                },
            )
            people.extend(members)
        for group in groups:
            self.writer.add(LiaisonGroup, group)
        return people

    def _person(self, r: Resident, village: Village, household_id: int | None) -> Row:
        keys = name_keys(r.full_name)
        return {
            "id": self.person_ids.take(),
            "uuid": r.uuid,
            "full_name": r.full_name,
            "name_key": keys.full,
            "name_tail_key": keys.tail,
            "given_name_key": keys.given,
            "sex": r.sex,
            "birth_date": r.birth_date,
            "birth_year": r.birth_year,
            "national_id": r.national_id,
            "phone": r.phone,
            "ethnicity": r.ethnicity,
            "residence_unit_id": village.pk,
            "area_path": village.path,
            "household_id": household_id,
            "residence_status": r.residence_status,
            "away_location": r.away_location,
            "chronic_conditions": r.chronic_conditions,
            "is_pregnant": r.is_pregnant,
            "is_high_risk": is_high_risk(r),
        }
