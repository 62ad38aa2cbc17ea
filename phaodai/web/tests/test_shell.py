"""The page shell: who is signed in, the nav of each role, the language switch, the unit switcher."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from tests.world import MODEL_BACKEND


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def _nav(body: str) -> str:
    start = body.index('<nav class="nav"')
    return body[start : body.index("</nav>", start)]


def test_shell_shows_name_role_and_home_unit(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])

    body = _client(user).get("/").content.decode()

    assert user.first_name in body
    assert "Lãnh đạo cấp xã" in body
    assert '<span class="unit">Xã Bản Phố</span>' in body
    assert 'hx-headers=\'{"X-CSRFToken": "' in body


def test_nav_of_a_commune_leader_has_the_duplicates_queue(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])

    nav = _nav(_client(user).get("/").content.decode())

    assert [
        label
        for label in ("Trang chủ", "Nhân khẩu", "Hộ gia đình", "Trùng lặp", "API", "Đăng xuất")
        if label in nav
    ] == [
        "Trang chủ",
        "Nhân khẩu",
        "Hộ gia đình",
        "Trùng lặp",
        "API",
        "Đăng xuất",
    ]
    assert 'href="/nhan-khau/trung-lap/"' in nav


def test_nav_of_a_community_member_has_no_duplicates_queue(units):
    user = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])

    nav = _nav(_client(user).get("/").content.decode())

    assert "Nhân khẩu" in nav
    assert "Trùng lặp" not in nav
    assert "/nhan-khau/trung-lap/" not in nav


def test_the_current_page_is_marked_in_the_nav(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])

    nav = _nav(_client(user).get("/nhan-khau/").content.decode())

    assert '<a href="/nhan-khau/" aria-current="page">Nhân khẩu</a>' in nav


def test_logout_is_a_post_form_and_get_is_refused(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])
    client = _client(user)

    body = client.get("/").content.decode()
    refused = client.get("/dang-xuat/")
    logged_out = client.post("/dang-xuat/")

    assert '<form method="post" action="/dang-xuat/">' in body
    assert refused.status_code == 405
    assert logged_out.status_code == 302
    assert client.get("/").status_code == 302


def test_english_switch_changes_the_nav_language(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])
    client = _client(user)

    switched = client.post("/ngon-ngu", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()

    assert switched.status_code == 302
    assert '<html lang="en">' in body
    nav = _nav(body)
    assert ">Home</a>" in nav
    assert ">People</a>" in nav
    assert ">Households</a>" in nav
    assert ">Duplicates</a>" in nav
    assert ">API docs</a>" in nav
    assert "Log out" in nav
    assert "Nhân khẩu" not in nav


def test_vietnamese_is_the_default_language(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])

    body = _client(user).get("/").content.decode()

    assert '<html lang="vi">' in body
    assert '?language=en&amp;next=/"' in body  # the switch offers English


@pytest.mark.parametrize(
    ("_case", "unit_name"),
    [
        ("sibling commune", "Xã Lùng Phình"),
        ("parent district", "Huyện Bắc Hà"),
        ("other province", "Xã Pa Tần"),
    ],
)
def test_a_unit_outside_the_jurisdiction_in_the_query_string_is_404(units, _case, unit_name):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])
    client = _client(user)
    unit = units[unit_name]

    for path in ("/", "/nhan-khau/", "/nhan-khau/ho/", "/nhan-khau/trung-lap/", "/nhan-khau/them/"):
        response = client.get(path, {"unit": unit.pk})
        assert response.status_code == 404, path
        assert unit_name not in response.content.decode()


def test_a_unit_id_that_is_not_a_number_is_404(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])

    response = _client(user).get("/nhan-khau/", {"unit": "abc"})

    assert response.status_code == 404


def test_unit_switcher_lists_children_and_breadcrumb_links_inside_the_jurisdiction(units):
    user = make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"])
    commune = units["Xã Bản Phố"]

    body = _client(user).get("/nhan-khau/", {"unit": commune.pk, "q": "giang"}).content.decode()

    assert f'<option value="{units["Thôn Bản Phố 1"].pk}">Thôn Bản Phố 1</option>' in body
    assert f'<option value="{units["Thôn Bản Phố 2"].pk}">Thôn Bản Phố 2</option>' in body
    assert "Thôn Lùng Phình" not in body
    # The province is above the jurisdiction: shown, not linked; the district is linked, keeping the search.
    assert "<span>Tỉnh Lào Cai</span>" in body
    assert f'href="?q=giang&amp;unit={units["Huyện Bắc Hà"].pk}">Huyện Bắc Hà</a>' in body
    assert '<strong aria-current="location">Xã Bản Phố</strong>' in body
    # The search box keeps the chosen unit.
    assert f'<input type="hidden" name="unit" value="{commune.pk}">' in body


def test_nav_links_keep_the_chosen_unit(units):
    user = make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"])
    commune = units["Xã Bản Phố"]

    nav = _nav(_client(user).get("/", {"unit": commune.pk}).content.decode())

    assert f'href="/nhan-khau/?unit={commune.pk}"' in nav
    assert f'href="/nhan-khau/ho/?unit={commune.pk}"' in nav


def test_permission_denied_shows_the_vietnamese_403_page(units):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])

    response = _client(viewer).get("/nhan-khau/them/")

    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in response.content.decode()


def test_an_english_browser_still_gets_vietnamese_until_the_switch_is_used(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])
    client = _client(user)

    before = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    client.post("/ngon-ngu", {"language": "en", "next": "/"})
    after = client.get("/", headers={"Accept-Language": "vi"}).content.decode()

    assert '<html lang="vi">' in before
    assert '<html lang="en">' in after


def test_system_admin_without_home_unit_chooses_among_the_provinces(units):
    admin = make_user(role=Role.SYSTEM_ADMIN, home_unit=None)
    client = _client(admin)

    home = client.get("/")
    people = client.get("/nhan-khau/", {"unit": units["Tỉnh Lai Châu"].pk})
    create = client.get("/nhan-khau/them/")

    body = home.content.decode()
    assert home.status_code == 200
    assert f'<option value="{units["Tỉnh Lào Cai"].pk}">Tỉnh Lào Cai</option>' in body
    assert f'<option value="{units["Tỉnh Lai Châu"].pk}">Tỉnh Lai Châu</option>' in body
    assert "Số liệu toàn hệ thống" in body
    assert people.status_code == 200
    assert '<strong aria-current="location">Tỉnh Lai Châu</strong>' in people.content.decode()
    assert "Địa bàn đang xem quá rộng để liệt kê các thôn." in create.content.decode()


def test_the_header_language_switch_is_a_link_and_keeps_the_page(units):
    """No button in the header: the login page's only submit button is the login's own."""
    client = Client()
    login_page = client.get("/dang-nhap/").content.decode()
    assert login_page.count('type="submit"') == 1
    assert 'href="/ngon-ngu?language=en&amp;next=/dang-nhap/"' in login_page

    switched = client.get("/ngon-ngu", {"language": "en", "next": "/dang-nhap/?next=/ca-benh/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/dang-nhap/?next=/ca-benh/"
    assert '<html lang="en">' in client.get("/dang-nhap/").content.decode()

    outside = client.get("/ngon-ngu", {"language": "vi", "next": "https://example.com/"})
    assert outside["Location"] == "/"
    assert '<html lang="vi">' in client.get("/dang-nhap/").content.decode()

    unknown = client.get("/ngon-ngu", {"language": "fr", "next": "/dang-nhap/"})
    assert unknown.status_code == 302
    assert '<html lang="vi">' in client.get("/dang-nhap/").content.decode()


def test_the_menu_comes_in_sections_each_app_kept_together(units):
    user = make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"])
    body = _client(user).get("/").content.decode()
    nav = _nav(body)

    headings = re.findall(r'<span class="nav-heading">([^<]+)</span>', nav)
    assert headings == [
        "Dân cư",
        "Y tế",
        "Chỉ huy, điều hành",
        "Cơ sở, vi phạm",
        "Số liệu, hệ thống",
        "Cá nhân",
    ]
    top = nav[: nav.index('<span class="nav-heading">')]
    assert re.findall(r'<li><a href="[^"]*"(?: aria-current="page")?>([^<]+)', top) == [
        "Trang chủ",
        "Cảnh báo",
    ]
    health = nav[nav.index(">Y tế<") : nav.index(">Chỉ huy, điều hành<")]
    assert re.findall(r'<li><a href="[^"]*"(?: aria-current="page")?>([^<]+)', health) == [
        "Xét nghiệm",
        "Kết quả xét nghiệm",
        "Cần xét nghiệm đơn",
        "Đề xuất ca bệnh",
        "Ca bệnh F0",
        "Việc đến hạn",
        "Cơ sở điều trị",
        "Theo dõi F0 tại nhà",
    ]
