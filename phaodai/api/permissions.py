"""What a role may do, checked for every API request by the one gate (``core.access.has_capability``)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from phaodai.core.access import has_capability


class HasCapability(BasePermission):
    """Allow the request when the user has the view's ``required_capability``.

    A view without ``required_capability`` (None) needs only a logged-in user; where
    the user may act is still limited by the scoped selectors and access functions.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_capability(request.user, getattr(view, "required_capability", None))
