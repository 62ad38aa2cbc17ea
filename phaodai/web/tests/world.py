"""A small registry spread over the test tree, for the page tests of web, people and accounts.

Four residents in four places, each with a name and a CCCD that appear nowhere else,
so a test can say exactly which of them a page may show:

=========  ====================  ==================================
key        lives in              who may see them
=========  ====================  ==================================
own        Thôn Bản Phố 1        Bản Phố, Bắc Hà, Lào Cai users
sibling    Thôn Lùng Phình       Lùng Phình, Bắc Hà, Lào Cai users
district   Thôn Sán Chải         Si Ma Cai (Sán Chải), Lào Cai users
province   Bản Pa Tần            Lai Châu (Pa Tần) users
=========  ====================  ==================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client

from phaodai.accounts.models import User
from phaodai.accounts.tests.factories import make_user
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Role
from phaodai.people.enums import ChronicCondition, DuplicateStatus, ResidenceStatus, Sex
from phaodai.people.models import DuplicateCandidate, Household, Person
from phaodai.people.tests.factories import make_household, make_person

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# Viewer labels used by the parametrized access tests.
VIEWERS = ("own_commune", "parent_district", "sibling_commune", "other_province", "anonymous")

# Which residents each viewer may see.
VISIBLE: dict[str, frozenset[str]] = {
    "own_commune": frozenset({"own", "own_twin"}),
    "parent_district": frozenset({"own", "own_twin", "sibling", "sibling_twin"}),
    "sibling_commune": frozenset({"sibling", "sibling_twin"}),
    "other_province": frozenset({"province"}),
    "anonymous": frozenset(),
}


@dataclass
class World:
    units: dict[str, AdminUnit]
    people: dict[str, Person]
    households: dict[str, Household]
    users: dict[str, User | None]
    candidates: dict[str, DuplicateCandidate]

    def hidden_from(self, viewer: str) -> list[Person]:
        """The residents ``viewer`` must never see."""
        return [p for key, p in self.people.items() if key not in VISIBLE[viewer]]

    def client_for(self, viewer: str) -> Client:
        client = Client()
        user = self.users[viewer]
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        return client


def body_of(response: Any) -> str:
    """The text of a response, streamed (CSV export) or not."""
    if getattr(response, "streaming", False):
        text: str = b"".join(response.streaming_content).decode("utf-8-sig")
    else:
        text = response.content.decode()
    return text


def assert_hides(body: str, people: list[Person]) -> None:
    """Neither the name nor the CCCD of any of ``people`` is in ``body``."""
    leaked = [p.full_name for p in people if p.full_name in body or (p.national_id and p.national_id in body)]
    assert leaked == [], f"out-of-jurisdiction residents in the page: {leaked}"


def build_world(units: dict[str, AdminUnit]) -> World:
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
    users: dict[str, User | None] = {
        "own_commune": make_user(
            role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="xa_banpho"
        ),
        "parent_district": make_user(
            role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"], username="huyen_bacha"
        ),
        "sibling_commune": make_user(
            role=Role.COMMUNE_LEADER, home_unit=units["Xã Lùng Phình"], username="xa_lungphinh"
        ),
        "other_province": make_user(
            role=Role.COMMUNE_LEADER, home_unit=units["Xã Pa Tần"], username="xa_patan"
        ),
        "anonymous": None,
    }
    return World(
        units=units,
        people={
            "own": own,
            "own_twin": own_twin,
            "sibling": sibling,
            "sibling_twin": sibling_twin,
            "district": district,
            "province": province,
        },
        households={"own": own_household, "sibling": sibling_household},
        users=users,
        candidates=candidates,
    )
