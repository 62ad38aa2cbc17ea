"""Rate limits on the API (per user, per address) and on pages (per address without login, per
user with it): JSON 429 with Retry-After on the API, the 429 page elsewhere."""

from __future__ import annotations

from django.test import Client

from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema

ME = "/api/v1/me/"


def _limits(settings, **rates: str) -> None:
    settings.PHAODAI_RATES = {**settings.PHAODAI_RATES, **rates}


def test_one_user_over_the_api_rate_gets_json_429_and_others_go_on(
    settings, commune_leader, other_commune_leader
):
    _limits(settings, api_user="3/min")
    client = token_client(commune_leader)

    answers = [client.get(ME).status_code for _ in range(4)]
    refused = client.get(ME)

    assert answers == [200, 200, 200, 429]
    assert_matches_schema(refused, "me_retrieve")
    assert refused["Content-Type"] == "application/json"
    error = refused.json()["error"]
    assert error["code"] == "throttled"
    assert error["message"].startswith("Quá nhiều yêu cầu; vui lòng thử lại sau ")
    assert error["message"].endswith(" giây.")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert token_client(other_commune_leader).get(ME).status_code == 200


def test_many_users_behind_one_address_share_the_address_rate(settings, commune_leader, other_commune_leader):
    _limits(settings, api_address="3/min")
    first, second = token_client(commune_leader), token_client(other_commune_leader)
    elsewhere = token_client(other_commune_leader)
    elsewhere.defaults["REMOTE_ADDR"] = "10.1.1.1"

    answers = [first.get(ME).status_code, second.get(ME).status_code, first.get(ME).status_code]

    assert answers == [200, 200, 200]
    assert second.get(ME).status_code == 429
    assert elsewhere.get(ME).status_code == 200


def test_the_token_endpoint_is_limited_per_address(settings, commune_leader):
    _limits(settings, api_anonymous="2/min")
    client = anonymous_client()
    payload = {"username": "canbo_banpho", "password": "matkhau-thu-nghiem"}

    answers = [client.post("/api/v1/token/", payload, format="json").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_pages_without_login_are_limited_per_address(settings, db):
    _limits(settings, pages_anonymous="2/min")
    crawler = Client(REMOTE_ADDR="10.2.2.2")

    answers = [crawler.get("/dang-nhap/").status_code for _ in range(3)]
    refused = crawler.get("/dang-nhap/")

    assert answers == [200, 200, 429]
    body = refused.content.decode()
    assert "<h1>Quá nhiều yêu cầu</h1>" in body
    assert "Hãy thử lại sau 1 phút." in body
    assert '<html lang="vi">' in body
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert Client(REMOTE_ADDR="10.2.2.3").get("/dang-nhap/").status_code == 200


def test_pages_of_a_signed_in_user_are_limited_per_user(settings, commune_leader, other_commune_leader):
    _limits(settings, pages_user="2/min")
    client = Client()
    client.force_login(commune_leader)
    other = Client()
    other.force_login(other_commune_leader)

    answers = [client.get("/").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert other.get("/").status_code == 200
