"""API clients for tests: anonymous, or authenticated with a real token."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def token_client(user: Any) -> APIClient:
    """A client that sends ``Authorization: Token <key>`` for ``user`` (as a phone app would)."""
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def anonymous_client() -> APIClient:
    return APIClient()
