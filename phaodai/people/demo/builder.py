"""Turns generated villages, households and residents into table rows, keys chosen up front.

Every row is built as an unsaved model instance with its primary key chosen, its computed
columns set by the owning app's derivation function (``areas.services.derive_unit``,
``people.services.derive_person``, ``AreaScopedModel.derive_area``), then handed to the
bulk writer: no rule of the services is written a second time here.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import cast

from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitLevel, UnitType
from phaodai.areas.models import AdminUnit, MapEra
from phaodai.areas.services import derive_unit
from phaodai.core.bulk import BulkWriter, IdBlock
from phaodai.people.demo.duplicates import make_duplicates
from phaodai.people.demo.generators import (
    IdentityIssuer,
    Resident,
    assemble_households,
    draw_residents,
    dress_household,
)
from phaodai.people.demo.namelists import DISTRICT_ETHNIC_MIX, PROVINCE_ETHNIC_MIX, Weighted
from phaodai.people.demo.villages import URBAN_TYPES, VillagePlan, plan_villages
from phaodai.people.enums import Ethnicity
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.services import derive_person
from phaodai.people.services.households import derive_liaison_group

HOUSEHOLDS_PER_GROUP = 10


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
        residents: list[Person] = []
        for plan, size in zip(plans, split_people(rng, people, len(plans)), strict=True):
            village = self._village(commune, plan)
            residents.extend(self._village_people(rng, village, plan, size, mix))
        village_units = list(
            {person.residence_unit_id: person.residence_unit for person in residents}.values()
        )
        for person in residents:
            self.writer.add_instance(person)
        for copy in make_duplicates(
            rng, residents, villages=village_units, count=duplicates, new_pk=self.person_ids.take
        ):
            self.writer.add_instance(copy)
            self.duplicates += 1
        self.writer.flush()

    def _village(self, commune: AdminUnit, plan: VillagePlan) -> AdminUnit:
        village = AdminUnit(
            pk=self.unit_ids.take(),
            era=self.era,
            code=plan.code,
            name=plan.name,
            level=UnitLevel.VILLAGE,
            unit_type=plan.unit_type,
            parent=commune,
            valid_from=self.era.valid_from,
            valid_to=self.era.valid_to,
        )
        derive_unit(village, parent=commune)
        self.writer.add_instance(village)
        return village

    def _village_people(
        self, rng: random.Random, village: AdminUnit, plan: VillagePlan, size: int, mix: Weighted
    ) -> list[Person]:
        drafts = assemble_households(rng, draw_residents(rng, size, self.today))
        group_count = max(1, round(len(drafts) / HOUSEHOLDS_PER_GROUP))
        groups = [
            LiaisonGroup(
                pk=self.group_ids.take(),
                uuid=_new_uuid(rng),
                unit=village,
                name=_("Tổ liên gia số %(n)d") % {"n": number},
            )
            for number in range(1, group_count + 1)
        ]
        urban = village.unit_type == UnitType.RESIDENTIAL_GROUP
        people: list[Person] = []
        for index, draft in enumerate(drafts):
            dress_household(
                rng, draft, ethnicity=plan.draw_ethnicity(rng), spouse_mix=mix, issuer=self.issuer
            )
            group = groups[index * group_count // len(drafts)]
            household = Household(
                pk=self.household_ids.take(),
                uuid=_new_uuid(rng),
                code=f"{village.code}-{index + 1:03d}",
                unit=village,
                address=f"Số {rng.randint(1, 250)}, {village.name}" if urban else village.name,
                liaison_group_id=group.pk,
            )
            members = [self._person(r, village, household) for r in draft.members]
            household.head_id = members[0].pk
            if group.leader_id is None:
                group.leader_id = members[0].pk  # the head of the group's first household
            household.derive_area()
            self.writer.add_instance(household)
            people.extend(members)
        for group in groups:
            derive_liaison_group(group)
            self.writer.add_instance(group)
        return people

    def _person(self, r: Resident, village: AdminUnit, household: Household | None) -> Person:
        person = Person(
            pk=self.person_ids.take(),
            uuid=cast(uuid.UUID, r.uuid),  # given by dress_household, which runs first
            full_name=r.full_name,
            sex=r.sex,
            birth_date=r.birth_date,
            birth_year=r.birth_year,
            national_id=r.national_id,
            phone=r.phone,
            ethnicity=r.ethnicity,
            residence_unit=village,
            household_id=household.pk if household is not None else None,
            residence_status=r.residence_status,
            away_location=r.away_location,
            chronic_conditions=r.chronic_conditions,
            is_pregnant=r.is_pregnant,
        )
        derive_person(person)
        return person
