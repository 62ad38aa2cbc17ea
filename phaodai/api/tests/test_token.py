"""Obtaining and revoking API tokens, with django-axes counting failed logins."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt  # type: ignore[import-untyped]  # django-axes ships no types
from django.test import override_settings
from django.utils import timezone

from phaodai.accounts.models import ApiToken
from phaodai.accounts.tests.factories import make_user
from phaodai.accounts.tokens import key_hash
from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.core.roles import Role

URL = "/api/v1/token/"
PASSWORD = "matkhau-thu-nghiem"


def test_a_correct_password_gets_a_token_that_authenticates(commune_leader):
    client = anonymous_client()

    response = client.post(URL, {"username": "canbo_banpho", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert_matches_schema(response, "token_obtain")
    key = response.json()["token"]
    stored = ApiToken.objects.get(user=commune_leader)
    assert (stored.key_hash, response.json()["expires_at"] is not None) == (key_hash(key), True)
    assert key not in str(list(ApiToken.objects.values()))  # only its hash is stored
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").json()["username"] == "canbo_banpho"


def test_asking_twice_gives_two_devices_two_tokens(commune_leader):
    client = anonymous_client()
    payload = {"username": "canbo_banpho", "password": PASSWORD}

    first = client.post(URL, {**payload, "device": "Điện thoại"}, format="json").json()["token"]
    second = client.post(URL, {**payload, "device": "Máy tính bảng"}, format="json").json()["token"]

    assert first != second
    assert sorted(ApiToken.objects.filter(user=commune_leader).values_list("name", flat=True)) == [
        "Máy tính bảng",
        "Điện thoại",
    ]


def test_a_wrong_password_is_refused_in_vietnamese_and_counted(commune_leader):
    response = anonymous_client().post(URL, {"username": "canbo_banpho", "password": "sai"}, format="json")

    assert response.status_code == 400
    assert_matches_schema(response, "token_obtain")
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Dữ liệu không hợp lệ.",
            "fields": {"non_field_errors": ["Tên đăng nhập hoặc mật khẩu không đúng."]},
            "codes": {"non_field_errors": ["invalid_login"]},
        }
    }
    assert not ApiToken.objects.exists()
    assert AccessAttempt.objects.get(username="canbo_banpho").failures_since_start == 1


def test_missing_fields_are_named(db):
    response = anonymous_client().post(URL, {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "username": ["Trường này là bắt buộc."],
        "password": ["Trường này là bắt buộc."],
    }
    assert not AccessAttempt.objects.exists()


def test_an_inactive_user_gets_no_token(units):
    user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="nghiviec")
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = anonymous_client().post(URL, {"username": "nghiviec", "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_username_out_even_with_the_right_password(commune_leader):
    client = anonymous_client()
    wrong = {"username": "canbo_banpho", "password": "sai"}

    statuses = [client.post(URL, wrong, format="json").status_code for _ in range(3)]
    locked = client.post(URL, {"username": "canbo_banpho", "password": PASSWORD}, format="json")

    assert statuses == [400, 400, 429]
    assert locked.status_code == 429
    assert_matches_schema(locked, "token_obtain")
    assert locked.json() == {
        "error": {
            "code": "locked_out",
            "message": (
                "Tài khoản tạm khoá đăng nhập từ địa chỉ mạng này do sai mật khẩu quá nhiều lần."
                " Vui lòng thử lại sau 15 phút."
            ),
        }
    }
    assert locked["Content-Type"] == "application/json"
    assert not ApiToken.objects.exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_success_before_the_limit_resets_the_failure_count(commune_leader):
    client = anonymous_client()
    client.post(URL, {"username": "canbo_banpho", "password": "sai"}, format="json")
    client.post(URL, {"username": "canbo_banpho", "password": "sai"}, format="json")

    ok = client.post(URL, {"username": "canbo_banpho", "password": PASSWORD}, format="json")
    after = client.post(URL, {"username": "canbo_banpho", "password": "sai"}, format="json")

    assert ok.status_code == 200
    assert after.status_code == 400


def test_the_token_endpoint_needs_no_csrf_token_for_a_browser_session(commune_leader):
    client = anonymous_client()
    client.handler.enforce_csrf_checks = True
    client.force_login(commune_leader)

    response = client.post(URL, {"username": "canbo_banpho", "password": PASSWORD}, format="json")

    assert response.status_code == 200


def test_revoking_deletes_the_token_and_it_stops_working(commune_leader):
    client = token_client(commune_leader)

    response = client.delete(URL)

    assert response.status_code == 204
    assert_matches_schema(response, "token_revoke")
    assert not ApiToken.objects.filter(user=commune_leader, revoked_at__isnull=True).exists()
    again = client.get("/api/v1/me/")
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "not_authenticated"


def test_revoking_without_credentials_is_401(db):
    response = anonymous_client().delete(URL)

    assert response.status_code == 401
    assert_matches_schema(response, "token_revoke")


@pytest.mark.parametrize("header", ["Token khong-ton-tai", "Bearer abc", "Token"])
def test_a_bad_token_is_401_json(commune_leader, header):
    client = anonymous_client()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "not_authenticated", "message": "Cần đăng nhập hoặc mã truy cập hợp lệ."}
    }
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_expires(commune_leader):
    client = token_client(commune_leader)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert client.get("/api/v1/me/").status_code == 401


def test_a_password_change_or_a_deactivation_ends_every_token(commune_leader, district_leader):
    phone, tablet = token_client(commune_leader), token_client(commune_leader)
    other = token_client(district_leader)

    commune_leader.set_password("mat-khau-moi-2026")
    commune_leader.save()
    district_leader.is_active = False
    district_leader.save()

    assert [c.get("/api/v1/me/").status_code for c in (phone, tablet, other)] == [401, 401, 401]


def test_renewing_gives_a_new_token_and_ends_the_old_one(commune_leader):
    client = token_client(commune_leader)
    old = client._credentials["HTTP_AUTHORIZATION"]  # type: ignore[attr-defined]

    response = client.post(f"{URL}renew/")

    assert response.status_code == 200
    assert_matches_schema(response, "token_renew")
    renewed = anonymous_client()
    renewed.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert renewed.get("/api/v1/me/").status_code == 200
    stale = anonymous_client()
    stale.credentials(HTTP_AUTHORIZATION=old)
    assert stale.get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.filter(user=commune_leader, revoked_at__isnull=True).count() == 1
