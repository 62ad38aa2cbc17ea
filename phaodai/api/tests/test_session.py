"""The browser session works for the API, and unsafe methods then need the CSRF token."""

from __future__ import annotations

from rest_framework.test import APIClient

from phaodai.accounts.models import ApiToken
from phaodai.api.tests.clients import token_client


def _browser(user) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_session_write_without_the_csrf_token_is_refused(commune_leader):
    token_client(commune_leader)  # the user has a token
    browser = _browser(commune_leader)

    response = browser.delete("/api/v1/token/")

    assert response.status_code == 403
    assert response.json() == {
        "error": {"code": "forbidden", "message": "Bạn không có quyền thực hiện thao tác này."}
    }
    assert ApiToken.objects.filter(user=commune_leader, revoked_at__isnull=True).exists()


def test_a_session_write_with_the_csrf_token_is_accepted(commune_leader):
    token_client(commune_leader)
    browser = _browser(commune_leader)
    csrf = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"  # a CSRF secret: 32 letters and digits
    browser.cookies["csrftoken"] = csrf

    response = browser.delete("/api/v1/token/", HTTP_X_CSRFTOKEN=csrf)

    assert response.status_code == 204
    assert not ApiToken.objects.filter(user=commune_leader, revoked_at__isnull=True).exists()


def test_a_session_read_needs_no_csrf_token(commune_leader):
    response = _browser(commune_leader).get("/api/v1/me/")

    assert response.status_code == 200
