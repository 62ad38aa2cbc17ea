"""/api/v1/units/: scoped list with filters, detail with ancestors, population; schema and query counts."""

from __future__ import annotations

import pytest

from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.areas.enums import AgeBand, PopulationSource, Sex
from phaodai.areas.services import population_record

LIST = "/api/v1/units/"
NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy."}}


def detail(unit) -> str:
    return f"/api/v1/units/{unit.pk}/"


def population(unit) -> str:
    return f"/api/v1/units/{unit.pk}/population/"


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def census(units):
    population_record(
        actor=None,
        unit=units["Thôn Bản Phố 1"],
        year=2021,
        source=PopulationSource.CENSUS,
        counts={(AgeBand.A0_4, Sex.MALE): 10, (AgeBand.A18_49, Sex.FEMALE): 25},
    )
    population_record(
        actor=None,
        unit=units["Thôn Bản Phố 2"],
        year=2021,
        source=PopulationSource.CENSUS,
        counts={(AgeBand.A0_4, Sex.FEMALE): 4},
    )
    return units


def test_a_commune_user_lists_only_their_commune_and_its_villages(commune_leader, units):
    response = token_client(commune_leader).get(LIST)

    assert response.status_code == 200
    assert_matches_schema(response, "unit_list")
    body = response.json()
    assert body["count"] == 3
    assert names(response) == ["Xã Bản Phố", "Thôn Bản Phố 1", "Thôn Bản Phố 2"]
    first = body["results"][0]
    commune = units["Xã Bản Phố"]
    assert first == {
        "id": commune.pk,
        "code": commune.code,
        "name": "Xã Bản Phố",
        "level": 3,
        "unit_type": "xa",
        "era": "2021",
        "parent": units["Huyện Bắc Hà"].pk,
        "depth": 2,
        "valid_from": "2021-01-01",
        "valid_to": None,
        "is_border": False,
    }


def test_the_list_query_count_is_pinned(commune_leader, units, django_assert_num_queries):
    client = token_client(commune_leader)

    # token with its user and home unit, count, page
    with django_assert_num_queries(3):
        response = client.get(LIST)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("_case", "params", "expected"),
    [
        ("children of a district", {"parent": "Huyện Bắc Hà"}, ["Xã Bản Phố", "Xã Lùng Phình"]),
        ("villages", {"level": "4"}, ["Thôn Bản Phố 1", "Thôn Bản Phố 2", "Thôn Lùng Phình"]),
        ("name without diacritics", {"q": "lung phinh"}, ["Xã Lùng Phình", "Thôn Lùng Phình"]),
        ("name with diacritics", {"q": "Bản Phố 2"}, ["Thôn Bản Phố 2"]),
        ("era", {"era": "2021", "level": "2"}, ["Huyện Bắc Hà"]),
        ("another era", {"era": "2025"}, []),
    ],
)
def test_list_filters(district_leader, units, _case, params, expected):
    query = {key: (units[value].pk if key == "parent" else value) for key, value in params.items()}

    response = token_client(district_leader).get(LIST, query)

    assert response.status_code == 200
    assert names(response) == expected


def test_an_invalid_filter_is_a_json_400(commune_leader, units):
    response = token_client(commune_leader).get(LIST, {"level": "9", "parent": "x"})

    assert response.status_code == 400
    assert_matches_schema(response, "unit_list")
    assert response.json()["error"]["fields"] == {
        "level": ["“9” không phải là lựa chọn hợp lệ."],
        "parent": ["Giá trị phải là một số nguyên."],
    }


def test_anonymous_gets_401(units):
    response = anonymous_client().get(LIST)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_detail_carries_the_ancestors(commune_leader, units):
    response = token_client(commune_leader).get(detail(units["Xã Bản Phố"]))

    assert response.status_code == 200
    assert_matches_schema(response, "unit_retrieve")
    body = response.json()
    assert body["name"] == "Xã Bản Phố"
    assert body["ancestors"] == [
        {
            "id": units["Tỉnh Lào Cai"].pk,
            "code": units["Tỉnh Lào Cai"].code,
            "name": "Tỉnh Lào Cai",
            "level": 1,
        },
        {
            "id": units["Huyện Bắc Hà"].pk,
            "code": units["Huyện Bắc Hà"].code,
            "name": "Huyện Bắc Hà",
            "level": 2,
        },
    ]


@pytest.mark.parametrize("other", ["Xã Lùng Phình", "Huyện Bắc Hà", "Xã Pa Tần"])
def test_detail_and_population_outside_the_jurisdiction_are_404(commune_leader, census, other):
    client = token_client(commune_leader)

    for url in (detail(census[other]), population(census[other])):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
        assert other not in response.content.decode()


def test_population_of_a_commune_sums_its_villages(commune_leader, census):
    response = token_client(commune_leader).get(population(census["Xã Bản Phố"]))

    assert response.status_code == 200
    assert_matches_schema(response, "unit_population")
    body = response.json()
    assert (body["year"], body["source"], body["total"], body["male"], body["female"]) == (
        2021,
        "census",
        39,
        10,
        29,
    )
    assert body["age_bands"][0] == {"age_band": "0-4", "male": 10, "female": 4, "total": 14}
    assert [row["age_band"] for row in body["age_bands"]] == ["0-4", "5-11", "12-17", "18-49", "50-64", "65+"]
    assert body["unit"]["name"] == "Xã Bản Phố"


def test_population_of_a_year_or_source_without_figures_is_zero(commune_leader, census):
    client = token_client(commune_leader)

    other_year = client.get(population(census["Xã Bản Phố"]), {"year": 2019}).json()
    other_source = client.get(population(census["Xã Bản Phố"]), {"source": "registry"}).json()
    nothing = client.get(
        population(census["Thôn Bản Phố 1"].parent.parent.children.get(name="Xã Bản Phố"))
    ).json()

    assert (other_year["year"], other_year["source"], other_year["total"]) == (2019, None, 0)
    assert (other_source["year"], other_source["source"], other_source["total"]) == (2021, None, 0)
    assert nothing["total"] == 39


def test_population_of_a_unit_never_counted_has_null_year(district_leader, census):
    response = token_client(district_leader).get(population(census["Xã Lùng Phình"]))

    assert response.status_code == 200
    assert_matches_schema(response, "unit_population")
    assert (response.json()["year"], response.json()["source"], response.json()["total"]) == (None, None, 0)


def test_population_rejects_a_bad_year(commune_leader, census):
    response = token_client(commune_leader).get(population(census["Xã Bản Phố"]), {"year": "1800"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"year": ["Giá trị không được nhỏ hơn 1979."]}
