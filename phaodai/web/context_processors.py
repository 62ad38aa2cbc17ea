from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from phaodai.ui.scope import current_scope
from phaodai.ui.shell import nav_groups


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs on every page: the user's home unit, role and the nav."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "home_unit": user.home_unit,
        "role_label": user.get_role_display(),
        "nav_groups": nav_groups(request),
        "scope": current_scope(request),
    }
