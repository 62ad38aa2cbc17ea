"""How API requests prove who they are: a token header, or the browser session."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from phaodai.accounts.models import ApiToken
from phaodai.accounts.services import token_authenticate


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``: a live ``accounts.ApiToken`` (hashed, expiring, revocable).

    The token, its user and the user's home unit come in one query: every scoped request needs
    the home unit's path (the jurisdiction).
    """

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("invalid token header")
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("invalid token header") from exc
        token = token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed("invalid token")
        return (token.user, token)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


# Token first: its ``WWW-Authenticate: Token`` header makes DRF answer 401 (not 403)
# to a request without credentials.
AUTHENTICATION_CLASSES = (TokenAuthentication, authentication.SessionAuthentication)
