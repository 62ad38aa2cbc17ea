"""person_search_results: name matches served as three disjoint groups, each in index order."""

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from phaodai.core.pagination import CappedPaginator
from phaodai.people.enums import Sex
from phaodai.people.selectors import PersonSearchResults, person_search, person_search_results
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

# Full name, village; what "pao" matches in each: G1 = full name, G2 = name without
# surname, G3 = given name.
PEOPLE = [
    ("Giàng Seo Páo", "Thôn Bản Phố 2"),  # G3
    ("Páo Văn Hùng", "Thôn Bản Phố 1"),  # G1
    ("Lý Páo Páo", "Thôn Bản Phố 1"),  # G2 and G3: shown once, in G2
    ("Sùng Seo Páo", "Thôn Bản Phố 1"),  # G3
    ("Páo A Páo", "Thôn Bản Phố 2"),  # G1 and G3: shown once, in G1
    ("Giàng Páo Chứ", "Thôn Bản Phố 1"),  # G2
    ("Giàng Seo Páo", "Thôn Bản Phố 1"),  # G3, same name as the first: by village, then pk
    ("Hầu A Chư", "Thôn Bản Phố 1"),  # no match
    ("Giàng Seo Páo", "Thôn Sán Chải"),  # G3, another district
]

# The Bắc Hà district leader's list for "pao": each group in its key's order, then village path, then pk.
EXPECTED = [
    ("Páo A Páo", "Thôn Bản Phố 2"),
    ("Páo Văn Hùng", "Thôn Bản Phố 1"),
    ("Giàng Páo Chứ", "Thôn Bản Phố 1"),
    ("Lý Páo Páo", "Thôn Bản Phố 1"),
    # the given-name group: one key "pao", so by village, then by pk (Sùng was added first)
    ("Sùng Seo Páo", "Thôn Bản Phố 1"),
    ("Giàng Seo Páo", "Thôn Bản Phố 1"),
    ("Giàng Seo Páo", "Thôn Bản Phố 2"),
]


@pytest.fixture
def paos(units):
    return [make_person(full_name=name, residence_unit=units[village]) for name, village in PEOPLE]


def names(rows):
    return [(p.full_name, p.residence_unit.name) for p in rows]


def test_groups_follow_one_another_each_in_key_order(district_leader, paos):
    # when the district leader searches a given name
    results = person_search_results(user=district_leader, query="pao")

    # then full-name matches come first, then name-without-surname, then given name
    assert isinstance(results, PersonSearchResults)
    assert names(results[0:20]) == EXPECTED


def test_a_person_matching_two_groups_appears_once(district_leader, paos):
    results = person_search_results(user=district_leader, query="pao")

    rows = results[0:20]
    assert len(rows) == len({p.pk for p in rows}) == len(results) == 7


@pytest.mark.parametrize("per_page", [1, 2, 3, 4])
def test_pages_follow_one_another_across_group_boundaries(district_leader, paos, per_page):
    # given a paginator over the grouped results
    paginator = CappedPaginator(person_search_results(user=district_leader, query="pao"), per_page)

    # when every page is read, each from a fresh result object as a new request would
    pages = [
        names(CappedPaginator(person_search_results(user=district_leader, query="pao"), per_page).page(n))
        for n in paginator.page_range
    ]

    # then together they are the whole list: no gap, no repeat
    assert paginator.count == 7
    assert [row for page in pages for row in page] == EXPECTED


def test_slices_in_the_middle_of_a_group_and_past_the_end(district_leader, paos):
    results = person_search_results(user=district_leader, query="pao")

    assert names(results[3:5]) == EXPECTED[3:5]
    assert names(results[5:50]) == EXPECTED[5:]
    assert results[7:10] == []


def test_the_count_is_capped_across_groups(district_leader, paos, monkeypatch):
    results = person_search_results(user=district_leader, query="pao")
    assert isinstance(results, PersonSearchResults)  # a district-wide name search is grouped

    assert results.capped_count(1) == 2  # stops in the first group
    assert results.capped_count(2) == 3  # the first group holds 2: one more from the second
    assert results.capped_count(100) == 7

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(person_search_results(user=district_leader, query="pao"), 2)
    assert (paginator.count, paginator.is_capped, paginator.shown_count) == (4, True, 3)
    assert names(paginator.page(2)) == EXPECTED[2:4]


def test_a_two_word_query_has_no_given_name_group(district_leader, paos):
    results = person_search_results(user=district_leader, query="giang seo")
    assert isinstance(results, PersonSearchResults)

    assert len(results.groups) == 2
    assert names(results[0:10]) == [("Giàng Seo Páo", "Thôn Bản Phố 1"), ("Giàng Seo Páo", "Thôn Bản Phố 2")]


def test_the_same_people_as_person_search(district_leader, province_leader, paos):
    for user in (district_leader, province_leader):
        grouped = person_search_results(user=user, query="pao")
        assert sorted(p.pk for p in grouped[0:50]) == sorted(
            p.pk for p in person_search(user=user, query="pao")
        )


def test_a_district_user_never_sees_another_district(district_leader, province_leader, paos):
    mine = person_search_results(user=district_leader, query="pao")
    everyone = person_search_results(user=province_leader, query="pao")

    assert ("Giàng Seo Páo", "Thôn Sán Chải") not in names(mine[0:50])
    assert ("Giàng Seo Páo", "Thôn Sán Chải") in names(everyone[0:50])
    assert len(everyone) == 8


def test_a_commune_user_gets_the_sorted_queryset_of_their_commune(other_commune_leader, commune_leader, paos):
    # a commune's matches are few: sorting them in one query is the fast way
    found = person_search_results(user=commune_leader, query="pao")
    elsewhere = person_search_results(user=other_commune_leader, query="pao")
    assert isinstance(elsewhere, QuerySet)

    assert isinstance(found, QuerySet)
    assert sorted(names(found)) == sorted(EXPECTED)
    assert list(elsewhere) == []


def test_the_unit_filter_narrows_the_groups(province_leader, paos, units):
    results = person_search_results(user=province_leader, query="pao", unit=units["Huyện Bắc Hà"])

    assert names(results[0:50]) == EXPECTED


def test_a_commune_or_village_unit_falls_back_to_the_queryset(province_leader, paos, units):
    found = person_search_results(user=province_leader, query="pao", unit=units["Thôn Bản Phố 2"])

    assert isinstance(found, QuerySet)
    assert names(found) == [("Giàng Seo Páo", "Thôn Bản Phố 2"), ("Páo A Páo", "Thôn Bản Phố 2")]


@pytest.mark.parametrize(
    ("_case", "kwargs"),
    [
        ("no query", {}),
        ("a filter the name indexes cannot answer", {"query": "pao", "sex": Sex.MALE}),
        ("risk filter", {"query": "pao", "high_risk": False}),
        ("merged records too", {"query": "pao", "include_merged": True}),
        ("an ID number", {"query": "001080000001"}),
        ("a phone", {"query": "0912 345 678"}),
    ],
)
def test_other_searches_fall_back_to_the_queryset(_case, kwargs, district_leader, paos):
    found = person_search_results(user=district_leader, **kwargs)

    assert isinstance(found, QuerySet)
    assert list(found) == list(person_search(user=district_leader, **kwargs))


def test_a_filtered_fallback_still_filters(district_leader, paos):
    found = person_search_results(user=district_leader, query="pao", sex=Sex.FEMALE)
    assert isinstance(found, QuerySet)  # a filter leaves the grouped search

    assert list(found) == []


def test_first_page_query_count(district_leader, paos, django_assert_num_queries):
    # three capped counts (one per group), then the ids of each group that the page reaches
    # and one read of the rows with unit and household
    with django_assert_num_queries(7):
        page = CappedPaginator(person_search_results(user=district_leader, query="pao"), 25).page(1)
        assert names(page) == EXPECTED


def test_a_page_inside_the_first_group_reads_only_that_group(
    district_leader, paos, django_assert_num_queries
):
    with django_assert_num_queries(5):
        page = CappedPaginator(person_search_results(user=district_leader, query="pao"), 1).page(1)
        assert names(page) == EXPECTED[:1]


def test_the_list_view_pages_the_groups_with_a_pinned_query_count(client, district_leader, paos):
    client.force_login(district_leader)
    client.get("/nhan-khau/")

    # session, user, home unit, three capped counts, the ids of each group, the page's
    # rows (units and households joined), breadcrumb (district and province), children
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/nhan-khau/", {"q": "pao"})

    assert response.status_code == 200
    assert names(response.context["page"].object_list) == EXPECTED
    assert len(queries) == 12
