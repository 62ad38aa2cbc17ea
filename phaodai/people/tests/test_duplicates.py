import datetime as dt
from difflib import SequenceMatcher

import pytest
from django.core.management import call_command

from phaodai.people.duplicates import (
    LIKELY_THRESHOLD,
    Identity,
    common_path,
    find_duplicates_bulk,
    name_similarity,
    score_pair,
)
from phaodai.people.enums import DuplicateStatus, Sex
from phaodai.people.models import DuplicateCandidate
from phaodai.people.selectors import find_likely_duplicates
from phaodai.people.tests.factories import make_household, make_person

BAN_PHO = "00000001.00000002.00000003."
LUNG_PHINH = "00000001.00000002.00000009."
BORN = dt.date(1980, 3, 15)


def who(full_name, **facts):
    facts.setdefault("birth_date", BORN)
    facts.setdefault("birth_year", facts["birth_date"].year if facts["birth_date"] else None)
    facts.setdefault("commune_path", BAN_PHO)
    facts.setdefault("sex", Sex.MALE)
    return Identity(full_name=full_name, **facts)


def test_a_shared_common_surname_is_not_evidence():
    # plain similarity on full names finds "Nguyễn Văn An" and "Nguyễn Thị Bình" 57 % alike
    assert round(SequenceMatcher(None, "nguyen van an", "nguyen thi binh").ratio(), 2) == 0.57
    # compared after the surname they are 14 % alike
    assert name_similarity("Nguyễn Văn An", "Nguyễn Thị Bình") == 0.143
    # and even with the same birth date in the same commune they are not a likely pair
    assert score_pair(who("Nguyễn Văn An"), who("Nguyễn Thị Bình")) == (0.0, [])


@pytest.mark.parametrize(
    ("_case", "first", "second", "expected"),
    [
        ("diacritics typed or not", "Nguyễn Văn An", "Nguyen Van An", 1.0),
        ("d with stroke", "Đỗ Thị Hằng", "Do Thi Hang", 1.0),
        ("one letter more in the given name", "Nguyễn Văn An", "Nguyễn Văn Anh", 0.923),
        ("different surname, same rest", "Lò Văn Sáng", "Lù Văn Sáng", 0.9),
        ("different middle name", "Nguyễn Văn An", "Nguyễn Đức An", 0.5),
    ],
)
def test_name_similarity(_case, first, second, expected):
    assert name_similarity(first, second) == expected


def test_same_national_id_is_certain():
    score, reasons = score_pair(
        who("Nguyễn Văn An", national_id="010080000001"),
        who(
            "Hoàng Văn Nam",
            national_id="010080000001",
            birth_date=None,
            birth_year=1979,
            commune_path=LUNG_PHINH,
        ),
    )
    assert (score, reasons) == (1.0, ["Trùng số CCCD/CMND."])


def test_different_national_ids_of_the_same_kind_rule_a_pair_out():
    assert score_pair(
        who("Nguyễn Văn An", national_id="010080000001"), who("Nguyễn Văn An", national_id="010080000002")
    ) == (0.0, ["Hai số CCCD/CMND khác nhau."])


def test_same_phone_and_same_name_is_strong():
    score, reasons = score_pair(
        who("Nguyễn Văn An", phone="0912345678", birth_date=None, birth_year=None),
        who("Nguyen Van An", phone="0912345678", commune_path=LUNG_PHINH),
    )
    assert (score, reasons) == (0.9, ["Trùng số điện thoại.", "Họ tên giống hệt nhau khi bỏ dấu."])


def test_a_family_sharing_one_phone_is_not_a_duplicate():
    # two brothers registered with their father's phone, born years apart
    father_phone = "0912345678"
    brothers = score_pair(
        who("Nguyễn Văn An", phone=father_phone, birth_date=None, birth_year=1990),
        who("Nguyễn Văn Anh", phone=father_phone, birth_date=None, birth_year=1994),
    )
    mother = score_pair(who("Nguyễn Văn An", phone=father_phone), who("Trần Thị Hoa", phone=father_phone))

    assert brothers == (
        0.531,
        [
            "Trùng số điện thoại.",
            "Họ tên gần giống nhau (giống 92%, không tính họ).",
            "Ngày sinh hoặc năm sinh khác nhau.",
        ],
    )
    assert brothers[0] < LIKELY_THRESHOLD
    assert mother == (0.0, [])


@pytest.mark.parametrize(
    ("_case", "first", "second", "expected"),
    [
        (
            "same name, date and commune",
            who("Nguyễn Văn An"),
            who("Nguyen Van An"),
            (0.85, ["Họ tên giống hệt nhau khi bỏ dấu.", "Cùng ngày sinh.", "Cùng xã, phường."]),
        ),
        (
            "same name, year only, same household",
            who("Nguyễn Văn An", birth_date=None, birth_year=1980, household_id=7),
            who("Nguyen Van An", household_id=7),
            (
                0.9,
                [
                    "Họ tên giống hệt nhau khi bỏ dấu.",
                    "Cùng năm sinh (chưa đủ ngày sinh để so).",
                    "Cùng xã, phường.",
                    "Cùng hộ gia đình.",
                ],
            ),
        ),
        (
            "same name and date, moved to another commune",
            who("Nguyễn Văn An"),
            who("Nguyễn Văn An", commune_path=LUNG_PHINH),
            (
                0.65,
                ["Họ tên giống hệt nhau khi bỏ dấu.", "Cùng ngày sinh.", "Khác xã: có thể đã chuyển nơi ở."],
            ),
        ),
        (
            "same given name and date, surname spelled differently",
            who("Lò Văn Sáng"),
            who("Lù Văn Sáng"),
            (
                0.635,
                [
                    "Cùng tên, nhưng họ viết khác.",
                    "Họ tên gần giống nhau (giống 90%, không tính họ).",
                    "Cùng ngày sinh.",
                    "Cùng xã, phường.",
                ],
            ),
        ),
        (
            "same name, dates differ",
            who("Nguyễn Văn An"),
            who("Nguyễn Văn An", birth_date=dt.date(1980, 4, 1)),
            (0.0, []),
        ),
        (
            "same name, year only, other commune",
            who("Nguyễn Văn An", birth_date=None, birth_year=1980),
            who("Nguyễn Văn An", commune_path=LUNG_PHINH),
            (0.0, []),
        ),
    ],
)
def test_score_pair_rules(_case, first, second, expected):
    assert score_pair(first, second) == expected


def test_different_sex_halves_the_score():
    score, reasons = score_pair(who("Nguyễn Văn An"), who("Nguyen Van An", sex=Sex.FEMALE))
    assert (score, reasons[-1]) == (0.425, "Giới tính khác nhau.")


def test_common_path_is_segment_aligned():
    assert common_path(BAN_PHO + "00000004.", BAN_PHO + "00000005.") == BAN_PHO
    assert common_path(BAN_PHO, LUNG_PHINH) == "00000001.00000002."
    assert common_path("00000011.", "00000012.") == ""


def test_find_likely_duplicates_offers_matches_the_user_may_see(commune_leader, district_leader, units):
    village = units["Thôn Bản Phố 1"]
    same_id = make_person(
        residence_unit=units["Thôn Bản Phố 2"], full_name="Hoàng Văn Nam", national_id="010080000001"
    )
    same_name = make_person(residence_unit=village, full_name="Nguyen Van An", birth_date=BORN)
    common_surname = make_person(
        residence_unit=village, full_name="Nguyễn Thị Bình", sex=Sex.FEMALE, birth_date=BORN
    )
    elsewhere = make_person(
        residence_unit=units["Thôn Lùng Phình"], full_name="Nguyễn Văn An", phone="0912345678"
    )

    def look(user):
        return [
            (m.person.full_name, m.score)
            for m in find_likely_duplicates(
                user=user,
                full_name="Nguyễn Văn An",
                birth_year=None,
                birth_date=BORN,
                national_id="010 080 000 001",
                phone="+84912345678",
                residence_unit=village,
            )
        ]

    assert look(commune_leader) == [("Hoàng Văn Nam", 1.0), ("Nguyen Van An", 0.85)]
    assert look(district_leader) == [("Hoàng Văn Nam", 1.0), ("Nguyễn Văn An", 0.9), ("Nguyen Van An", 0.85)]
    assert common_surname.pk not in {same_id.pk, same_name.pk, elsewhere.pk}


def test_find_likely_duplicates_leaves_out_merged_and_excluded_records(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    kept = make_person(residence_unit=village, full_name="Nguyen Van An", birth_date=BORN)
    make_person(residence_unit=village, full_name="Nguyễn Văn An", birth_date=BORN, merged_into=kept)

    found = find_likely_duplicates(
        user=commune_leader,
        full_name="Nguyễn Văn An",
        birth_year=1980,
        birth_date=BORN,
        residence_unit=village,
        exclude_pk=kept.pk,
    )

    assert found == []


@pytest.fixture
def registry(units):
    """Two likely pairs (by phone, by name in a commune) and three pairs that are not.

    A national ID is held by one record in use (a database constraint): the only two records
    sharing one are a record and its duplicate merged away, which is never paired again.
    """
    ban_pho_1, ban_pho_2, lung_phinh = (
        units["Thôn Bản Phố 1"],
        units["Thôn Bản Phố 2"],
        units["Thôn Lùng Phình"],
    )
    household = make_household(unit=ban_pho_1, code="BP1-001")
    return {
        "id_b": make_person(
            residence_unit=lung_phinh,
            full_name="Hoàng Văn Năm",
            national_id="010080000001",
            merged_into=make_person(
                residence_unit=ban_pho_1, full_name="Hoàng Văn Nam", national_id="010080000001"
            ),
        ),
        "phone_a": make_person(
            residence_unit=ban_pho_1,
            full_name="Vàng Thị Dợ",
            sex=Sex.FEMALE,
            phone="0987654321",
            birth_year=1999,
        ),
        "phone_b": make_person(
            residence_unit=lung_phinh,
            full_name="Vang Thi Do",
            sex=Sex.FEMALE,
            phone="0987654321",
            birth_year=1999,
        ),
        "name_a": make_person(
            residence_unit=ban_pho_1, full_name="Nguyễn Văn An", birth_date=BORN, household=household
        ),
        "name_b": make_person(residence_unit=ban_pho_2, full_name="Nguyen Van An", birth_year=1980),
        # same commune, birth date and surname, different person
        "binh": make_person(
            residence_unit=ban_pho_1, full_name="Nguyễn Thị An", sex=Sex.FEMALE, birth_date=BORN
        ),
        # shares the household phone, different name
        "wife": make_person(
            residence_unit=ban_pho_1,
            full_name="Trần Thị Hoa",
            sex=Sex.FEMALE,
            phone="0987654321",
            birth_year=1999,
        ),
    }


def pairs():
    return sorted(
        (c.first.full_name, c.second.full_name, c.score, c.area_path)
        for c in DuplicateCandidate.objects.select_related("first", "second")
    )


def test_bulk_finds_each_kind_of_pair_once(units, registry):
    found = find_duplicates_bulk()

    bac_ha, ban_pho = units["Huyện Bắc Hà"].path, units["Xã Bản Phố"].path
    assert found == 2
    assert pairs() == [
        ("Nguyễn Văn An", "Nguyen Van An", 0.85, ban_pho),
        ("Vàng Thị Dợ", "Vang Thi Do", 0.9, bac_ha),
    ]
    # a second run finds nothing new
    assert find_duplicates_bulk() == 0
    assert DuplicateCandidate.objects.count() == 2


def test_bulk_never_raises_a_dismissed_pair_again(registry):
    find_duplicates_bulk()
    DuplicateCandidate.objects.update(status=DuplicateStatus.DISMISSED)

    assert find_duplicates_bulk() == 0
    assert set(DuplicateCandidate.objects.values_list("status", flat=True)) == {DuplicateStatus.DISMISSED}


def test_bulk_limited_to_an_area(units, registry):
    assert find_duplicates_bulk(area=units["Xã Bản Phố"]) == 1
    assert [p[:2] for p in pairs()] == [("Nguyễn Văn An", "Nguyen Van An")]


def test_find_duplicates_command(units, registry, capsys):
    call_command("find_duplicates", "--unit-code", units["Xã Bản Phố"].code)
    call_command("find_duplicates")

    assert capsys.readouterr().out == (
        "Đã tìm thấy 1 cặp hồ sơ nghi trùng mới trong Xã Bản Phố.\n"
        "Đã tìm thấy 1 cặp hồ sơ nghi trùng mới trong toàn bộ địa bàn.\n"
    )
