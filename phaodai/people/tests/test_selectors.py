import datetime as dt

import pytest
from django.http import Http404

from phaodai.accounts.tests.factories import make_user
from phaodai.areas.enums import AgeBand
from phaodai.core.roles import Role
from phaodai.people.access import household_get_for_user, liaison_group_get_for_user, person_get_for_user
from phaodai.people.enums import DuplicateStatus, ResidenceStatus, Sex
from phaodai.people.models import DuplicateCandidate
from phaodai.people.selectors import (
    duplicate_candidates,
    household_members,
    household_search,
    person_search,
)
from phaodai.people.tests.factories import make_household, make_liaison_group, make_person

TODAY = dt.date(2026, 11, 27)


def names(queryset):
    return [(p.full_name, p.residence_unit.name) for p in queryset]


@pytest.mark.parametrize(
    ("_case", "query"),
    [
        ("without diacritics", "nguyen van a"),
        ("with diacritics", "Nguyễn Văn A"),
        ("upper case, extra spaces", "  NGUYEN   VAN  A "),
    ],
)
def test_search_by_name_ignores_diacritics_and_is_scoped_to_the_commune(
    _case, query, commune_leader, residents
):
    # when the Bản Phố leader searches "nguyen van a"
    found = person_search(user=commune_leader, query=query)

    # then only the Bản Phố resident comes back: not Lùng Phình's "Anh", not Sán Chải's "An"
    assert names(found) == [("Nguyễn Văn An", "Thôn Bản Phố 1")]


def test_district_leader_sees_both_communes_but_not_the_other_district(district_leader, residents):
    found = person_search(user=district_leader, query="nguyen van a")

    assert names(found) == [("Nguyễn Văn An", "Thôn Bản Phố 1"), ("Nguyễn Văn Anh", "Thôn Lùng Phình")]


def test_province_leader_sees_every_district(province_leader, residents):
    found = person_search(user=province_leader, query="nguyen van an")

    assert sorted(names(found)) == [
        ("Nguyễn Văn An", "Thôn Bản Phố 1"),
        ("Nguyễn Văn An", "Thôn Sán Chải"),
        ("Nguyễn Văn Anh", "Thôn Lùng Phình"),
    ]


def test_other_commune_leader_never_sees_ban_pho(other_commune_leader, residents):
    assert names(person_search(user=other_commune_leader, query="nguyen")) == [
        ("Nguyễn Văn Anh", "Thôn Lùng Phình")
    ]


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("name without surname", "van an", ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("given name", "binh", ["Nguyễn Thị Bình"]),
        ("given name with diacritics", "Bình", ["Nguyễn Thị Bình"]),
        ("given-name prefix", "an", ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("no such name", "tran", []),
    ],
)
def test_search_by_part_of_the_name(_case, query, expected, district_leader, residents):
    assert [p.full_name for p in person_search(user=district_leader, query=query)] == expected


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("cccd", "010080000001", ["Nguyễn Văn An"]),
        ("cccd with spaces", "010 080 000 001", ["Nguyễn Văn An"]),
        ("part of an id finds nothing", "010080", []),
        ("phone as stored", "0912345678", ["Nguyễn Văn An"]),
        ("phone with country code", "+84 912 345 678", ["Nguyễn Văn An"]),
        ("phone with dashes", "84-912-345-678", ["Nguyễn Văn An"]),
        ("other phone", "0987654321", []),
    ],
)
def test_search_by_id_or_phone(_case, query, expected, commune_leader, residents):
    assert [p.full_name for p in person_search(user=commune_leader, query=query)] == expected


def test_search_by_id_never_crosses_the_jurisdiction(other_commune_leader, residents):
    assert list(person_search(user=other_commune_leader, query="010080000001")) == []


def test_unit_filter_narrows_to_a_subtree_and_cannot_widen_the_jurisdiction(
    district_leader, commune_leader, units, residents
):
    assert [p.full_name for p in person_search(user=district_leader, unit=units["Xã Lùng Phình"])] == [
        "Nguyễn Văn Anh"
    ]
    # a commune user asking for another commune gets nothing, not that commune's people
    assert list(person_search(user=commune_leader, unit=units["Xã Lùng Phình"])) == []


def test_filters_sex_status_risk_age_household(district_leader, units, residents):
    away = make_person(
        residence_unit=units["Thôn Bản Phố 2"],
        full_name="Lò Văn Sáng",
        birth_year=2003,
        residence_status=ResidenceStatus.AWAY,
        away_location="Khu công nghiệp Bắc Ninh",
    )

    def search(**filters):
        return [p.full_name for p in person_search(user=district_leader, today=TODAY, **filters)]

    assert search(sex=Sex.FEMALE) == ["Nguyễn Thị Bình"]
    assert search(residence_status=ResidenceStatus.AWAY) == [away.full_name]
    assert search(high_risk=True) == ["Nguyễn Thị Bình", "Nguyễn Văn Anh"]
    assert search(high_risk=False) == ["Lò Văn Sáng", "Nguyễn Văn An"]
    assert search(age_band=AgeBand.A65_UP) == ["Nguyễn Văn Anh"]  # born 1958: 68 in 2026
    assert search(age_band=AgeBand.A18_49) == ["Lò Văn Sáng", "Nguyễn Thị Bình", "Nguyễn Văn An"]
    assert search(age_band="not-a-band") == []
    assert search(household=residents["household"]) == ["Nguyễn Thị Bình", "Nguyễn Văn An"]


def test_merged_records_are_left_out_unless_asked(commune_leader, units, residents):
    make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", merged_into=residents["an"]
    )

    assert len(person_search(user=commune_leader, query="nguyen van an")) == 1
    assert len(person_search(user=commune_leader, query="nguyen van an", include_merged=True)) == 2


def test_search_runs_in_one_query_with_units_and_households(
    commune_leader, residents, django_assert_num_queries
):
    commune_leader.home_unit  # noqa: B018  (loaded once per request by the auth middleware)
    with django_assert_num_queries(1):
        rows = [
            (p.full_name, p.residence_unit.name, p.household.code)  # type: ignore[union-attr]  # all have one
            for p in person_search(user=commune_leader)
        ]
    # ordered by the folded name: "nguyen thi binh" < "nguyen van an"
    assert rows == [
        ("Nguyễn Thị Bình", "Thôn Bản Phố 1", "BP1-001"),
        ("Nguyễn Văn An", "Thôn Bản Phố 1", "BP1-001"),
    ]


def test_anonymous_and_unassigned_users_see_nobody(units, residents):
    from django.contrib.auth.models import AnonymousUser

    no_unit = make_user(role=Role.COMMUNE_LEADER, home_unit=None)
    assert list(person_search(user=AnonymousUser())) == []
    assert list(person_search(user=no_unit)) == []


def test_person_get_for_user_404_outside_jurisdiction_and_when_missing(
    commune_leader, community_member, units, residents
):
    an = residents["an"]
    assert person_get_for_user(user=commune_leader, person_id=an.pk) == an

    neighbour = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Vàng Seo Chứ")
    with pytest.raises(Http404):
        person_get_for_user(user=commune_leader, person_id=residents["anh"].pk)
    with pytest.raises(Http404):
        person_get_for_user(user=commune_leader, person_id=999_999)
    # a community-team member of village 1 does not see village 2
    with pytest.raises(Http404):
        person_get_for_user(user=community_member, person_id=neighbour.pk)
    assert person_get_for_user(user=community_member, person_id=an.pk) == an


def test_household_and_liaison_group_fetches_are_scoped(
    commune_leader, other_commune_leader, units, residents
):
    household = residents["household"]
    group = make_liaison_group(unit=units["Thôn Bản Phố 1"], leader=residents["an"])

    assert household_get_for_user(user=commune_leader, household_id=household.pk) == household
    assert liaison_group_get_for_user(user=commune_leader, group_id=group.pk) == group
    with pytest.raises(Http404):
        household_get_for_user(user=other_commune_leader, household_id=household.pk)
    with pytest.raises(Http404):
        liaison_group_get_for_user(user=other_commune_leader, group_id=group.pk)


def test_household_search_by_code_address_and_head_name(commune_leader, district_leader, units, residents):
    other = make_household(unit=units["Thôn Lùng Phình"], code="LP-007", address="Bản Lùng Phình, nhà 7")

    assert [h.code for h in household_search(user=commune_leader, query="bp1")] == ["BP1-001"]
    assert [h.code for h in household_search(user=commune_leader, query="nhà số 1")] == ["BP1-001"]
    assert [h.code for h in household_search(user=commune_leader, query="nguyen van an")] == ["BP1-001"]
    assert [h.code for h in household_search(user=commune_leader, query="LP-007")] == []
    assert [(h.code, h.member_count) for h in household_search(user=district_leader)] == [  # type: ignore[attr-defined]  # annotated
        ("BP1-001", 2),
        (other.code, 0),
    ]


def test_household_members_head_first_then_eldest(commune_leader, units, residents):
    household = residents["household"]
    child = make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        full_name="Nguyễn Văn Cường",
        birth_year=2015,
        household=household,
    )
    household.head = residents["binh"]
    household.save(update_fields=["head"])

    assert list(household_members(user=commune_leader, household=household)) == [
        residents["binh"],
        residents["an"],
        child,
    ]


def test_duplicate_candidates_visible_only_where_both_records_are(commune_leader, district_leader, residents):
    an, binh, anh = residents["an"], residents["binh"], residents["anh"]
    inside = DuplicateCandidate.objects.create(
        first=an, second=binh, area_path=an.residence_unit.parent.path, score=0.7, reasons=[]
    )
    across = DuplicateCandidate.objects.create(
        first=an, second=anh, area_path=an.residence_unit.parent.parent.path, score=0.9, reasons=[]
    )

    assert list(duplicate_candidates(user=commune_leader)) == [inside]
    assert list(duplicate_candidates(user=district_leader)) == [across, inside]
    assert list(duplicate_candidates(user=district_leader, status=DuplicateStatus.MERGED)) == []
