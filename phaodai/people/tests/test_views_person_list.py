"""The people list: search with or without diacritics, filters, paging, empty states, HTMX partial."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_person
from tests.world import MODEL_BACKEND


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _names(response) -> list[str]:
    return [p.full_name for p in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("name with diacritics", "Giàng Seo Páo", ["Giàng Seo Pao", "Giàng Seo Páo"]),
        ("name without diacritics", "giang seo pao", ["Giàng Seo Pao", "Giàng Seo Páo"]),
        ("given and middle name", "seo pao", ["Giàng Seo Pao", "Giàng Seo Páo"]),
        ("cccd", "010061000111", ["Giàng Seo Páo"]),
        ("phone with spaces", "0912 000 111", ["Giàng Seo Pao", "Giàng Seo Páo"]),
        ("other commune's cccd", "010190000222", []),
    ],
)
def test_search(world, _case, query, expected):
    response = world.client_for("own_commune").get("/nhan-khau/", {"q": query})

    assert sorted(_names(response)) == sorted(expected)


@pytest.mark.parametrize(
    ("_case", "params", "expected"),
    [
        ("sex", {"sex": "F"}, ["Thào Thị Mỷ", "Thào Thị Mỵ"]),
        ("away (R-03)", {"residence_status": "away"}, ["Giàng Seo Pao"]),
        ("high risk", {"high_risk": "1"}, ["Giàng Seo Páo", "Thào Thị Mỷ"]),
        ("not high risk", {"high_risk": "0"}, ["Giàng Seo Pao", "Thào Thị Mỵ"]),
        ("age band 18–49", {"age_band": "18-49"}, ["Thào Thị Mỷ", "Thào Thị Mỵ"]),
        ("unit switcher", {"unit": "Xã Lùng Phình"}, ["Thào Thị Mỷ", "Thào Thị Mỵ"]),
        ("bad filter values are ignored", {"sex": "X", "high_risk": "maybe"}, None),
    ],
)
def test_filters(world, _case, params, expected):
    if "unit" in params:
        params = {**params, "unit": world.units[params["unit"]].pk}

    response = world.client_for("parent_district").get("/nhan-khau/", params)

    everyone = ["Giàng Seo Páo", "Giàng Seo Pao", "Thào Thị Mỷ", "Thào Thị Mỵ"]
    assert response.status_code == 200
    assert sorted(_names(response)) == sorted(expected if expected is not None else everyone)


def test_age_band_filter_uses_the_birth_year(world, units):
    child = make_person(
        residence_unit=units["Thôn Bản Phố 2"],
        full_name="Vàng Thị Sểnh",
        birth_year=timezone.localdate().year - 8,
    )

    response = world.client_for("own_commune").get("/nhan-khau/", {"age_band": "5-11"})

    assert _names(response) == [child.full_name]


def test_paging_shows_25_and_the_range(units, world):
    for number in range(30):
        make_person(
            residence_unit=units["Thôn Bản Phố 2"], full_name=f"Hầu A Chư {number:02d}", birth_year=1990
        )
    client = world.client_for("own_commune")

    first = client.get("/nhan-khau/", {"q": "hau a chu"})
    second = client.get("/nhan-khau/", {"q": "hau a chu", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert "1–25 của 30" in first.content.decode()
    assert 'href="?page=2&amp;q=hau+a+chu"' in first.content.decode()
    assert len(second.context["page"].object_list) == 5
    assert "26–30 của 30" in second.content.decode()
    assert 'href="?page=1&amp;q=hau+a+chu"' in second.content.decode()


def test_empty_registry_says_so(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Sán Chải"])

    body = _client(user).get("/nhan-khau/").content.decode()

    assert "Chưa có nhân khẩu nào trong địa bàn này." in body


def test_no_match_says_so(world):
    body = world.client_for("own_commune").get("/nhan-khau/", {"q": "khong co ai"}).content.decode()

    assert "Không tìm thấy nhân khẩu nào khớp với điều kiện tìm." in body
    assert "«khong co ai»" in body


def test_htmx_search_returns_only_the_results_partial(world):
    response = world.client_for("own_commune").get(
        "/nhan-khau/", {"q": "giang"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    body = response.content.decode()

    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert "Giàng Seo Páo" in body
    assert "HX-Request" in response["Vary"]


def test_search_box_works_without_javascript(world):
    body = world.client_for("own_commune").get("/nhan-khau/").content.decode()

    assert '<form method="get" action="/nhan-khau/" role="search"' in body
    assert 'hx-get="/nhan-khau/"' in body
    assert 'hx-target="#results"' in body


def test_export_button_only_for_those_allowed(units, world):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = _client(member)

    leader_body = world.client_for("own_commune").get("/nhan-khau/", {"sex": "M"}).content.decode()
    member_body = client.get("/nhan-khau/").content.decode()

    assert 'href="/nhan-khau/xuat/?sex=M"' in leader_body
    assert "/nhan-khau/xuat/" not in member_body


def test_list_query_count_is_pinned(units, world, django_assert_num_queries):
    for number in range(30):
        make_person(
            residence_unit=units["Thôn Bản Phố 2"], full_name=f"Hầu A Chư {number:02d}", birth_year=1990
        )
    client = world.client_for("own_commune")
    client.get("/nhan-khau/")

    # session, user, home unit, count, page of people (units and households joined), breadcrumb, children
    with django_assert_num_queries(7):
        response = client.get("/nhan-khau/", {"q": "hau"})

    assert len(response.context["page"].object_list) == 25
