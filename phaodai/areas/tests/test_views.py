"""The unit pages: redirect to the home unit, the unit page, search; all scoped to the jurisdiction."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phaodai.accounts.tests.factories import make_user
from phaodai.areas.enums import AgeBand, PopulationSource, Sex
from phaodai.areas.services import population_record
from phaodai.core.roles import Role


def detail_url(unit):
    return reverse("areas:detail", kwargs={"unit_id": unit.pk})


@pytest.fixture
def census(units):
    for name, counts in {
        "Thôn Bản Phố 1": {(AgeBand.A0_4, Sex.MALE): 10, (AgeBand.A0_4, Sex.FEMALE): 12},
        "Thôn Bản Phố 2": {(AgeBand.A65_UP, Sex.FEMALE): 1207},
    }.items():
        population_record(
            actor=None, unit=units[name], year=2021, source=PopulationSource.CENSUS, counts=counts
        )
    return units


def test_index_sends_a_user_to_their_home_unit(client, commune_leader, units):
    client.force_login(commune_leader)

    response = client.get(reverse("areas:index"))

    assert response.status_code == 302
    assert response["Location"] == detail_url(units["Xã Bản Phố"])


def test_index_lists_eras_and_provinces_for_a_system_admin(client, system_admin):
    client.force_login(system_admin)

    response = client.get(reverse("areas:index"))

    assert response.status_code == 200
    assert [p.name for p in response.context["eras"][0][1]] == ["Tỉnh Lai Châu", "Tỉnh Lào Cai"]
    assert "Bản đồ hành chính 2021" in response.content.decode()


def test_index_for_a_user_without_home_unit_explains_why_it_is_empty(client, db):
    client.force_login(make_user(role=Role.VIEWER, home_unit=None, username="chuagan"))

    response = client.get(reverse("areas:index"))

    assert response.status_code == 200
    assert response.context["eras"] == []
    assert "Tài khoản của bạn chưa được gán địa bàn." in response.content.decode()


def test_anonymous_is_sent_to_login(client, units):
    response = client.get(detail_url(units["Xã Bản Phố"]))

    assert response.status_code == 302
    assert "/dang-nhap" in response["Location"]


def test_commune_page_shows_the_unit_children_and_population(client, commune_leader, census):
    client.force_login(commune_leader)

    response = client.get(detail_url(census["Xã Bản Phố"]))

    assert response.status_code == 200
    page = response.context["page"]
    assert [(child.name, total) for child, total in page.children] == [
        ("Thôn Bản Phố 1", 22),
        ("Thôn Bản Phố 2", 1207),
    ]
    assert (page.year, page.population.total) == (2021, 1229)
    html = response.content.decode()
    assert "<h1>Xã Bản Phố</h1>" in html
    assert f'<a href="{detail_url(census["Thôn Bản Phố 1"])}">Thôn Bản Phố 1</a>' in html
    assert "1.207" in html or "1,207" in html
    assert "Điều tra dân số" in html
    # The province and district are named in the breadcrumb but are not links for a commune leader.
    assert [(u.name, openable) for u, openable in page.breadcrumb] == [
        ("Tỉnh Lào Cai", False),
        ("Huyện Bắc Hà", False),
        ("Xã Bản Phố", True),
    ]
    assert f'href="{detail_url(census["Tỉnh Lào Cai"])}"' not in html


def test_district_page_links_to_its_communes(client, district_leader, census):
    client.force_login(district_leader)

    response = client.get(detail_url(census["Huyện Bắc Hà"]))

    assert [(child.name, total) for child, total in response.context["page"].children] == [
        ("Xã Bản Phố", 1229),
        ("Xã Lùng Phình", None),
    ]


@pytest.mark.parametrize("other", ["Xã Lùng Phình", "Huyện Bắc Hà", "Tỉnh Lai Châu", "Thôn Sán Chải"])
def test_a_unit_outside_the_jurisdiction_is_a_404(client, commune_leader, units, other):
    client.force_login(commune_leader)

    response = client.get(detail_url(units[other]))

    assert response.status_code == 404
    assert other not in response.content.decode()


def test_a_missing_unit_is_a_404(client, commune_leader):
    client.force_login(commune_leader)

    assert client.get(reverse("areas:detail", kwargs={"unit_id": 987654})).status_code == 404


def test_a_village_page_shows_empty_states(client, community_member, units):
    client.force_login(community_member)

    response = client.get(detail_url(units["Thôn Bản Phố 1"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị này không có đơn vị trực thuộc." in html
    assert "Chưa có số liệu dân số cho địa bàn này." in html
    assert "Không có liên kết với bản đồ hành chính khác." in html


def test_unit_page_query_count_is_pinned(client, commune_leader, census, django_assert_num_queries):
    client.force_login(commune_leader)
    url = detail_url(census["Xã Bản Phố"])

    # session, user, unit, home unit (page shell), breadcrumb, latest year, links, children, population,
    # and the registered residents now (one aggregate for the unit and its children, issue 7 point 3);
    # the welfare and directives figures (households reached, overdue tasks): one aggregate each
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200


def test_search_without_diacritics_within_the_jurisdiction(client, district_leader, units):
    client.force_login(district_leader)

    response = client.get(reverse("areas:search"), {"q": "ban pho"})

    assert response.status_code == 200
    assert [u.name for u in response.context["results"]] == ["Xã Bản Phố", "Thôn Bản Phố 1", "Thôn Bản Phố 2"]
    assert "<html" in response.content.decode()


def test_search_does_not_find_units_outside_the_jurisdiction(client, commune_leader, units):
    client.force_login(commune_leader)

    response = client.get(reverse("areas:search"), {"q": "lung phinh"})

    assert response.context["results"] == []
    assert "Không tìm thấy đơn vị nào có tên chứa “lung phinh”." in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment(client, district_leader, units):
    client.force_login(district_leader)

    response = client.get(
        reverse("areas:search"),
        {"q": "Phố 2", "trong": units["Xã Bản Phố"].pk},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Thôn Bản Phố 2" in html
    assert "Thôn Bản Phố 1" not in html
    assert f'href="{detail_url(units["Thôn Bản Phố 2"])}"' in html


def test_search_inside_a_unit_outside_the_jurisdiction_is_a_404(client, commune_leader, units):
    client.force_login(commune_leader)

    response = client.get(reverse("areas:search"), {"q": "lung", "trong": units["Xã Lùng Phình"].pk})

    assert response.status_code == 404


def test_a_one_letter_search_asks_for_more(client, commune_leader, units):
    client.force_login(commune_leader)

    response = client.get(reverse("areas:search"), {"q": "b"})

    assert response.context["results"] == []
    assert "Gõ ít nhất 2 ký tự." in response.content.decode()
