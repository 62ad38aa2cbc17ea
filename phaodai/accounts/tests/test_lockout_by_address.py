"""Nobody can lock an officer out from elsewhere; one address cannot guess across usernames.

django-axes locks a username *from one address*; ``phaodai.core.logins`` stops an address whose
failures over any usernames pass the rate ``login_address``; ``phaodai.core.clients`` reads the
client's address behind the configured number of proxies.
"""

from __future__ import annotations

import pytest
from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import anonymous_client
from phaodai.core.roles import Role

PASSWORD = "dung-mat-khau-1"
LOGIN = "/dang-nhap/"
TOKEN = "/api/v1/token/"


@pytest.fixture
def canbo_xa(units):
    return make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo.xa", password=PASSWORD
    )


def _from(address: str, forwarded: str | None = None) -> Client:
    client = Client(REMOTE_ADDR=address)
    if forwarded is not None:
        client.defaults["HTTP_X_FORWARDED_FOR"] = forwarded
    return client


def test_six_wrong_passwords_from_one_address_do_not_lock_the_officer_out_elsewhere(canbo_xa):
    attacker = _from("127.0.0.1")
    answers = [
        attacker.post(LOGIN, {"username": "canbo.xa", "password": "sai"}).status_code for _ in range(6)
    ]

    officer = _from("127.0.0.2")
    response = officer.post(LOGIN, {"username": "canbo.xa", "password": PASSWORD})

    assert answers == [200, 200, 200, 200, 429, 429]
    assert attacker.post(LOGIN, {"username": "canbo.xa", "password": PASSWORD}).status_code == 429
    assert (response.status_code, response["Location"]) == (302, "/")
    assert int(officer.session["_auth_user_id"]) == canbo_xa.pk


def test_the_api_locks_the_username_only_from_the_address_that_failed(canbo_xa):
    attacker = anonymous_client()
    attacker.defaults["REMOTE_ADDR"] = "127.0.0.1"
    for _ in range(6):
        attacker.post(TOKEN, {"username": "canbo.xa", "password": "sai"}, format="json")
    officer = anonymous_client()
    officer.defaults["REMOTE_ADDR"] = "127.0.0.2"

    locked = attacker.post(TOKEN, {"username": "canbo.xa", "password": PASSWORD}, format="json")
    allowed = officer.post(TOKEN, {"username": "canbo.xa", "password": PASSWORD}, format="json")

    assert (locked.status_code, locked.json()["error"]["code"]) == (429, "locked_out")
    assert allowed.status_code == 200
    assert allowed.json()["token"]


def test_one_address_trying_many_usernames_is_stopped_for_every_username(canbo_xa, settings):
    settings.PHAODAI_RATES = {**settings.PHAODAI_RATES, "login_address": "10/15min"}
    attacker = _from("10.0.0.9")
    answers = [
        attacker.post(LOGIN, {"username": f"nguoi{n}", "password": "sai"}).status_code for n in range(11)
    ]

    # Even the right password of a username never tried is refused from there now.
    refused = attacker.post(LOGIN, {"username": "canbo.xa", "password": PASSWORD})
    elsewhere = _from("10.0.0.10").post(LOGIN, {"username": "canbo.xa", "password": PASSWORD})

    body = refused.content.decode()
    assert answers == [200] * 10 + [429]
    assert refused.status_code == 429
    assert "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này" in body
    assert "Vui lòng thử lại sau 15 phút." in body
    assert 0 < int(refused["Retry-After"]) <= 900
    assert "_auth_user_id" not in attacker.session
    assert elsewhere.status_code == 302


def test_the_token_endpoint_counts_failures_of_the_same_address(canbo_xa, settings):
    settings.PHAODAI_RATES = {**settings.PHAODAI_RATES, "login_address": "3/15min"}
    page = _from("10.0.0.9")
    for n in range(3):
        page.post(LOGIN, {"username": f"nguoi{n}", "password": "sai"})
    api = anonymous_client()
    api.defaults["REMOTE_ADDR"] = "10.0.0.9"

    response = api.post(TOKEN, {"username": "nguoi9", "password": "sai"}, format="json")
    refused = api.post(TOKEN, {"username": "canbo.xa", "password": PASSWORD}, format="json")

    assert response.status_code == 429
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "login_throttled"
    assert refused.json()["error"]["message"] == (
        "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này nên việc đăng nhập từ đây tạm dừng."
        " Vui lòng thử lại sau 15 phút."
    )
    assert 0 < int(refused["Retry-After"]) <= 900


def test_behind_the_configured_proxy_the_forwarded_address_is_the_client(canbo_xa, settings):
    settings.PHAODAI_PROXY_COUNT = 1
    # Every request comes from the proxy (10.0.0.1); the proxy appends the address it saw. The
    # attacker also forges an X-Forwarded-For of the officer's address: the proxy appends to it.
    attacker = _from("10.0.0.1", forwarded="203.0.113.7, 198.51.100.66")
    for _ in range(5):
        attacker.post(LOGIN, {"username": "canbo.xa", "password": "sai"})
    officer = _from("10.0.0.1", forwarded="203.0.113.7")

    response = officer.post(LOGIN, {"username": "canbo.xa", "password": PASSWORD})

    assert attacker.post(LOGIN, {"username": "canbo.xa", "password": PASSWORD}).status_code == 429
    assert response.status_code == 302


def test_without_a_proxy_a_forged_forwarded_header_changes_nothing(canbo_xa, settings):
    settings.PHAODAI_PROXY_COUNT = 0
    for n in range(5):
        _from("127.0.0.1", forwarded=f"198.51.100.{n}").post(
            LOGIN, {"username": "canbo.xa", "password": "sai"}
        )

    response = _from("127.0.0.1", forwarded="198.51.100.99").post(
        LOGIN, {"username": "canbo.xa", "password": PASSWORD}
    )

    assert response.status_code == 429
