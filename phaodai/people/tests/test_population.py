import datetime as dt

from django.core.management import call_command

from phaodai.areas.enums import AgeBand, PopulationSource
from phaodai.areas.models import PopulationCount
from phaodai.areas.tests.factories import make_area_tree, make_era
from phaodai.people.enums import ResidenceStatus, Sex
from phaodai.people.services import population_count_from_registry
from phaodai.people.tests.factories import make_person


def cells(**filters):
    return sorted(
        (c.unit.name, c.age_band, c.sex, c.count)
        for c in PopulationCount.objects.filter(source=PopulationSource.REGISTRY, **filters).select_related(
            "unit"
        )
    )


def test_population_counts_active_residents_by_unit_band_and_sex(units, django_assert_num_queries):
    v1, v2 = units["Thôn Bản Phố 1"], units["Thôn Bản Phố 2"]
    make_person(residence_unit=v1, birth_year=2021, sex=Sex.MALE)  # 0 in 2021
    make_person(residence_unit=v1, birth_year=2017, sex=Sex.MALE)  # 4
    make_person(residence_unit=v1, birth_year=2016, sex=Sex.FEMALE)  # 5
    make_person(residence_unit=v1, birth_year=2004, sex=Sex.FEMALE)  # 17
    make_person(
        residence_unit=v1, birth_year=2003, sex=Sex.FEMALE, residence_status=ResidenceStatus.TEMPORARY
    )  # 18
    make_person(residence_unit=v1, birth_year=1957, sex=Sex.MALE)  # 64
    make_person(residence_unit=v2, birth_year=1956, sex=Sex.MALE)  # 65
    make_person(residence_unit=v2, birth_year=1930, sex=Sex.MALE)  # 91
    survivor = make_person(residence_unit=v2, birth_year=1980, sex=Sex.FEMALE)
    # not counted: merged away, living elsewhere, born after 1 July or after the year
    make_person(residence_unit=v2, birth_year=1980, sex=Sex.FEMALE, merged_into=survivor)
    make_person(
        residence_unit=v2, birth_year=1990, residence_status=ResidenceStatus.AWAY, away_location="Bắc Ninh"
    )
    make_person(residence_unit=v1, birth_date=dt.date(2021, 7, 2))
    make_person(residence_unit=v1, birth_year=2022)

    with django_assert_num_queries(5):  # savepoint, one aggregate, delete old, insert new, release
        written = population_count_from_registry(year=2021)

    assert written == 7
    assert cells(year=2021) == [
        ("Thôn Bản Phố 1", AgeBand.A0_4, Sex.MALE, 2),
        ("Thôn Bản Phố 1", AgeBand.A12_17, Sex.FEMALE, 1),
        ("Thôn Bản Phố 1", AgeBand.A18_49, Sex.FEMALE, 1),
        ("Thôn Bản Phố 1", AgeBand.A5_11, Sex.FEMALE, 1),
        ("Thôn Bản Phố 1", AgeBand.A50_64, Sex.MALE, 1),
        ("Thôn Bản Phố 2", AgeBand.A18_49, Sex.FEMALE, 1),
        ("Thôn Bản Phố 2", AgeBand.A65_UP, Sex.MALE, 2),
    ]


def test_population_replaces_the_years_registry_rows_only(units):
    village = units["Thôn Bản Phố 1"]
    make_person(residence_unit=village, birth_year=1980, sex=Sex.MALE)
    PopulationCount.objects.create(
        unit=village,
        unit_path=village.path,
        year=2021,
        age_band=AgeBand.A18_49,
        sex=Sex.MALE,
        count=99,
        source=PopulationSource.CENSUS,
    )
    population_count_from_registry(year=2021)
    population_count_from_registry(year=2020)
    make_person(residence_unit=village, birth_year=1981, sex=Sex.MALE)

    assert population_count_from_registry(year=2021) == 1

    assert cells(year=2021) == [("Thôn Bản Phố 1", AgeBand.A18_49, Sex.MALE, 2)]
    assert cells(year=2020) == [("Thôn Bản Phố 1", AgeBand.A18_49, Sex.MALE, 1)]
    assert PopulationCount.objects.get(source=PopulationSource.CENSUS).count == 99


def test_population_of_one_era_leaves_the_other_era_alone(units):
    era_2025 = make_era(code="2025")
    new_tree = make_area_tree(("Tỉnh Lào Cai mới", [("Xã Bắc Hà", ["Thôn Na Hối"])]), era=era_2025)
    make_person(residence_unit=units["Thôn Bản Phố 1"], birth_year=1980, sex=Sex.MALE)
    make_person(residence_unit=new_tree["Thôn Na Hối"], birth_year=1980, sex=Sex.FEMALE)
    population_count_from_registry(year=2021)

    assert population_count_from_registry(year=2021, era=era_2025) == 1

    assert cells(year=2021) == [
        ("Thôn Bản Phố 1", AgeBand.A18_49, Sex.MALE, 1),
        ("Thôn Na Hối", AgeBand.A18_49, Sex.FEMALE, 1),
    ]


def test_count_population_command(units, capsys):
    make_person(residence_unit=units["Thôn Bản Phố 1"], birth_year=1980, sex=Sex.MALE)

    call_command("count_population", "--year", "2021")

    assert capsys.readouterr().out == "Đã ghi 1 ô số dân năm 2021 từ sổ nhân khẩu.\n"
    assert cells(year=2021) == [("Thôn Bản Phố 1", AgeBand.A18_49, Sex.MALE, 1)]
