"""The people app's part of the test world (``tests/world.py``).

Six residents in four places, each with a name and a CCCD that appear nowhere else, so a test
can say exactly which of them a page may show:

=========  ====================  ==================================
key        lives in              who may see them
=========  ====================  ==================================
own        Thôn Bản Phố 1        Bản Phố, Bắc Hà, Lào Cai users
sibling    Thôn Lùng Phình       Lùng Phình, Bắc Hà, Lào Cai users
district   Thôn Sán Chải         Si Ma Cai (Sán Chải), Lào Cai users
province   Bản Pa Tần            Lai Châu (Pa Tần) users
=========  ====================  ==================================

(``own_twin`` and ``sibling_twin`` are likely duplicates of ``own`` and ``sibling``.) The URL
walk gets a person, a household, a tổ liên gia, a duplicate pair and a pair to merge in each of
the two communes; the Lùng Phình residents' names and numbers, and its group's name, are its
secrets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.core.text import fold
from phaodai.people.enums import ChronicCondition, DuplicateStatus, ResidenceStatus, Sex
from phaodai.people.models import DuplicateCandidate, LiaisonGroup, Person
from phaodai.people.tests.factories import make_household, make_liaison_group, make_person

# Which residents each viewer may see.
VISIBLE: dict[str, frozenset[str]] = {
    "own_commune": frozenset({"own", "own_twin"}),
    "parent_district": frozenset({"own", "own_twin", "sibling", "sibling_twin"}),
    "sibling_commune": frozenset({"sibling", "sibling_twin"}),
    "other_province": frozenset({"province"}),
    "anonymous": frozenset(),
}


def contribute(world: Any) -> None:
    units = world.units
    own_village = units["Thôn Bản Phố 1"]
    own_household = make_household(unit=own_village, code="BP1-007", address="Nhà số 7, Thôn Bản Phố 1")
    own = make_person(
        residence_unit=own_village,
        full_name="Giàng Seo Páo",
        birth_date=dt.date(1961, 4, 9),
        national_id="010061000111",
        phone="0912000111",
        household=own_household,
        chronic_conditions=[ChronicCondition.HYPERTENSION, ChronicCondition.DIABETES],
    )
    own_household.head = own
    own_household.save(update_fields=["head"])
    own_twin = make_person(
        residence_unit=units["Thôn Bản Phố 2"],
        full_name="Giàng Seo Pao",
        birth_year=1961,
        phone="0912000111",
        sex=Sex.MALE,
        residence_status=ResidenceStatus.AWAY,
        away_location="Khu công nghiệp Quang Châu, Bắc Giang",
    )
    sibling_village = units["Thôn Lùng Phình"]
    sibling_household = make_household(
        unit=sibling_village, code="LP-003", address="Nhà số 3, Thôn Lùng Phình"
    )
    sibling = make_person(
        residence_unit=sibling_village,
        full_name="Thào Thị Mỷ",
        sex=Sex.FEMALE,
        birth_year=1990,
        national_id="010190000222",
        household=sibling_household,
        is_pregnant=True,
    )
    sibling_twin = make_person(
        residence_unit=sibling_village,
        full_name="Thào Thị Mỵ",
        sex=Sex.FEMALE,
        birth_year=1990,
        phone="0987654321",
    )
    district = make_person(
        residence_unit=units["Thôn Sán Chải"],
        full_name="Lù Văn Chứ",
        birth_year=1977,
        national_id="010077000333",
    )
    province = make_person(
        residence_unit=units["Bản Pa Tần"], full_name="Lò Văn Pá", birth_year=1988, national_id="012088000444"
    )
    candidates = {
        "own": DuplicateCandidate.objects.create(
            first=own,
            second=own_twin,
            area_path=units["Xã Bản Phố"].path,
            score=0.88,
            reasons=["Trùng số điện thoại.", "Họ tên giống hệt nhau khi bỏ dấu."],
            status=DuplicateStatus.OPEN,
        ),
        "sibling": DuplicateCandidate.objects.create(
            first=sibling,
            second=sibling_twin,
            area_path=sibling_village.path,
            score=0.85,
            reasons=["Họ tên giống hệt nhau khi bỏ dấu."],
            status=DuplicateStatus.OPEN,
        ),
    }
    world.people = {
        "own": own,
        "own_twin": own_twin,
        "sibling": sibling,
        "sibling_twin": sibling_twin,
        "district": district,
        "province": province,
    }
    groups = {
        "own": make_liaison_group(unit=own_village, name="Tổ liên gia Bản Phố Một", leader=own),
        "sibling": make_liaison_group(unit=sibling_village, name="Tổ liên gia Suối Thầu", leader=sibling),
    }
    world.households = {"own": own_household, "sibling": sibling_household}
    world.groups = groups
    world.candidates = candidates
    world.visibility = VISIBLE
    world.record("person_id", own=own.pk, other=sibling.pk)
    world.record("household_id", own=own_household.pk, other=sibling_household.pk)
    world.record("group_id", own=groups["own"].pk, other=groups["sibling"].pk)
    world.record("candidate_id", own=candidates["own"].pk, other=candidates["sibling"].pk)
    world.record("first_id", own=own.pk, other=sibling.pk)
    world.record("second_id", own=own_twin.pk, other=sibling_twin.pk)
    for person in (sibling, sibling_twin):
        world.secret(person.full_name, fold(person.full_name).title(), person.national_id, person.phone)
    world.secret(groups["sibling"].name)
    world.search(fold(sibling.full_name), sibling.national_id, sibling_twin.phone)

    def state() -> list[Any]:
        people = list(
            Person.objects.unscoped()
            .filter(pk__in=[sibling.pk, sibling_twin.pk])
            .order_by("pk")
            .values_list("full_name", "phone", "national_id", "merged_into", "household", "notes")
        )
        pair = DuplicateCandidate.objects.unscoped().filter(pk=candidates["sibling"].pk).values_list("status")
        group = LiaisonGroup.objects.unscoped().filter(pk=groups["sibling"].pk).values_list("name", "leader")
        return [people, list(pair), list(group)]

    world.watch(state)
