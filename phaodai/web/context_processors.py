from typing import Any

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs on every page: the signed-in user's home unit."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"home_unit": user.home_unit}
