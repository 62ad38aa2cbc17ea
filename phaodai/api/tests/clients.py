"""API clients for tests: anonymous, or authenticated with a real token."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from phaodai.accounts.services import token_issue


class PhoneClient(APIClient):
    """An API client that edits as a phone does: read the record, then PATCH with its ETag.

    ``patch()`` without an ``If-Match`` first GETs the URL and sends the ETag it got; pass
    ``HTTP_IF_MATCH`` (or ``if_match=None`` for none at all) to test the precondition itself.
    """

    _MISSING: Any = object()

    def patch(  # type: ignore[override]
        self,
        path: Any,
        data: Any = None,
        format: Any = None,
        *args: Any,
        **extra: Any,
    ) -> Any:
        if_match = extra.pop("if_match", self._MISSING)
        if if_match is self._MISSING and "HTTP_IF_MATCH" not in extra:
            etag = self.get(path).get("ETag")
            if etag:
                extra["HTTP_IF_MATCH"] = etag
        elif if_match is not None and if_match is not self._MISSING:
            extra["HTTP_IF_MATCH"] = if_match
        return super().patch(path, data, format, *args, **extra)


def token_client(user: Any) -> PhoneClient:
    """A client that sends ``Authorization: Token <key>`` for ``user`` (as a phone app would)."""
    _token, key = token_issue(user=user, name="test phone", audited=False)
    client = PhoneClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def anonymous_client() -> PhoneClient:
    return PhoneClient()
