"""What a role may do, checked for every API request in one place (see accounts.roles)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class HasCapability(BasePermission):
    """Allow the request when the user's role has the view's ``required_capability``.

    A view without ``required_capability`` (None) needs only a logged-in user; where
    the user may act is still limited by the scoped selectors and access functions.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        capability = getattr(view, "required_capability", None)
        if capability is None:
            return bool(request.user and request.user.is_authenticated)
        return bool(request.user and request.user.is_authenticated and request.user.can(capability))
