"""The home page: greeting, figures counted from records, shortcuts by role."""

from __future__ import annotations

import pytest
from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.people.selectors import HomeFigures
from tests.world import MODEL_BACKEND, VIEWERS, assert_hides


@pytest.mark.parametrize("viewer", VIEWERS)
def test_home_access_and_nothing_from_outside(world, viewer):
    response = world.client_for(viewer).get("/")

    if viewer == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == "/dang-nhap/?next=/"
    else:
        assert response.status_code == 200
    assert_hides(response.content.decode(), world.hidden_from(viewer))


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("own_commune", HomeFigures(people=2, high_risk=1, away=1, households=1, duplicates=1)),
        ("parent_district", HomeFigures(people=4, high_risk=2, away=1, households=2, duplicates=2)),
        ("sibling_commune", HomeFigures(people=2, high_risk=1, away=0, households=1, duplicates=1)),
        ("other_province", HomeFigures(people=1, high_risk=0, away=0, households=0, duplicates=0)),
    ],
)
def test_home_figures_count_the_records_of_the_jurisdiction(world, viewer, expected):
    response = world.client_for(viewer).get("/")

    assert response.context["figures"] == expected


def test_home_figures_follow_the_unit_switcher(world):
    client = world.client_for("parent_district")

    response = client.get("/", {"unit": world.units["Xã Lùng Phình"].pk})

    assert response.context["figures"] == HomeFigures(
        people=2, high_risk=1, away=0, households=1, duplicates=1
    )


def test_home_figures_link_to_the_filtered_lists(world):
    unit = world.units["Xã Bản Phố"]

    body = world.client_for("parent_district").get("/", {"unit": unit.pk}).content.decode()

    assert f'href="/nhan-khau/?high_risk=1&amp;unit={unit.pk}"' in body
    assert f'href="/nhan-khau/?residence_status=away&amp;unit={unit.pk}"' in body
    assert f'href="/nhan-khau/ho/?unit={unit.pk}"' in body
    assert f'href="/nhan-khau/trung-lap/?unit={unit.pk}"' in body


def test_community_member_gets_entry_shortcuts_and_no_duplicate_figure(units, world):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = Client()
    client.force_login(member, backend=MODEL_BACKEND)

    response = client.get("/")
    body = response.content.decode()

    assert response.context["figures"] == HomeFigures(
        people=1, high_risk=1, away=0, households=1, duplicates=None
    )
    assert "Thêm nhân khẩu" in body
    assert "Danh sách thôn" in body
    assert "Hồ sơ nghi trùng" not in body
    assert "Xử lý hồ sơ trùng" not in body


def test_leader_gets_the_duplicates_shortcut(world):
    body = world.client_for("own_commune").get("/").content.decode()

    assert "Xử lý hồ sơ trùng" in body
    assert "Hồ sơ nghi trùng chờ xử lý" in body


def test_viewer_role_sees_figures_but_no_entry_shortcut(units, world):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])
    client = Client()
    client.force_login(viewer, backend=MODEL_BACKEND)

    body = client.get("/").content.decode()

    assert "Thêm nhân khẩu" not in body


def test_home_greets_the_user(world):
    user = world.users["own_commune"]

    body = world.client_for("own_commune").get("/").content.decode()

    assert f"Xin chào, {user.first_name}" in body
    assert "Số liệu của Xã Bản Phố" in body


def test_home_query_count_is_pinned(world, django_assert_num_queries):
    client = world.client_for("own_commune")
    client.get("/")  # warm the session

    # session, user, home unit, people figures, households, duplicates, breadcrumb, children;
    # then each app's home cards (see their shell.py; a card reads its counts in one query)
    with django_assert_num_queries(25):
        response = client.get("/")

    assert response.status_code == 200
