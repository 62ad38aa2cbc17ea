"""Signing in and out, and the lockout after five wrong passwords (django-axes)."""

from __future__ import annotations

from axes.models import AccessAttempt  # type: ignore[import-untyped]  # django-axes ships no types

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role


def test_login_page_is_vietnamese_and_phone_friendly(client, db):
    response = client.get("/dang-nhap/")
    body = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="vi">' in body
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body
    assert 'autocomplete="username"' in body
    assert 'autocomplete="current-password"' in body


def test_login_with_the_right_password_goes_home(client, units):
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo", password="dung-mat-khau-1"
    )

    response = client.post("/dang-nhap/", {"username": "canbo", "password": "dung-mat-khau-1"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_login_keeps_the_page_asked_for(client, units):
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo", password="dung-mat-khau-1"
    )

    response = client.post(
        "/dang-nhap/?next=/nhan-khau/",
        {"username": "canbo", "password": "dung-mat-khau-1", "next": "/nhan-khau/"},
    )

    assert response["Location"] == "/nhan-khau/"


def test_wrong_password_shows_a_vietnamese_error(client, units):
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo", password="dung-mat-khau-1"
    )

    response = client.post("/dang-nhap/", {"username": "canbo", "password": "sai"})
    body = response.content.decode()

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in body
    assert "_auth_user_id" not in client.session


def test_empty_login_form_names_the_missing_fields(client, db):
    body = client.post("/dang-nhap/", {"username": "", "password": ""}).content.decode()

    assert "Hãy nhập tên đăng nhập." in body
    assert "Hãy nhập mật khẩu." in body


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client, units):
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo", password="dung-mat-khau-1"
    )
    for _ in range(4):
        assert client.post("/dang-nhap/", {"username": "canbo", "password": "sai"}).status_code == 200

    locked = client.post("/dang-nhap/", {"username": "canbo", "password": "sai"})
    failures = AccessAttempt.objects.get(username="canbo").failures_since_start
    still_locked = client.post("/dang-nhap/", {"username": "canbo", "password": "dung-mat-khau-1"})

    body = locked.content.decode()
    assert locked.status_code == 429
    assert "Tạm khoá đăng nhập" in body
    assert "Đã nhập sai mật khẩu 5 lần liên tiếp từ địa chỉ mạng này" in body
    assert "Hãy thử lại sau 15 phút." in body
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert failures == 5


def test_a_signed_in_user_opening_the_login_page_goes_home(client, units):
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo", password="dung-mat-khau-1"
    )
    client.post("/dang-nhap/", {"username": "canbo", "password": "dung-mat-khau-1"})

    response = client.get("/dang-nhap/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_wrong_password_warning_names_the_configured_lockout_threshold(client, units, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo", password="dung-mat-khau-1"
    )

    response = client.post("/dang-nhap/", {"username": "canbo", "password": "sai"})

    assert "sai 3 lần liên tiếp" in response.content.decode()
