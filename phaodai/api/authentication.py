"""How API requests prove who they are: a token header, or the browser session."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``; loads the user's home unit in the same query.

    Every scoped request needs the home unit's path (the jurisdiction), so fetching it
    with the token saves one query per request.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        try:
            token = Token.objects.select_related("user__home_unit").get(key=key)
        except Token.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed("invalid token") from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("inactive user")
        return (token.user, token)


# Token first: its ``WWW-Authenticate: Token`` header makes DRF answer 401 (not 403)
# to a request without credentials.
AUTHENTICATION_CLASSES = (TokenAuthentication, authentication.SessionAuthentication)
