"""The request type of the API's signed-in endpoints (so handlers need no ``type: ignore``)."""

from __future__ import annotations

from rest_framework.request import Request

from phaodai.accounts.models import User


class AuthedApiRequest(Request):
    """A request of a signed-in user: the endpoint's base (``ScopedAPIView``, ``LoginOnlyAPIView``)
    requires ``IsAuthenticated`` before the handler runs (``phaodai.api.base``)."""

    user: User
