"""Stop one address trying password after password, whatever the usernames.

django-axes locks a *username from one address* after a few failures, so a stranger cannot
lock an officer out of their own phone. What that leaves open is one address trying many
usernames; this backend, first in ``AUTHENTICATION_BACKENDS``, refuses every login from an
address that failed more than the rate ``login_address`` allows (``phaodai.core.ratelimit``),
and ``count_failed_login`` (on Django's ``user_login_failed``) counts each failure from any entry
point (the login page, the token endpoint, the admin). The login form and the token endpoint read ``request.login_throttled``
(seconds to wait) to answer 429 with a clear message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from phaodai.core import ratelimit
from phaodai.core.clients import client_ip

RATE = "login_address"


def _who(request: HttpRequest) -> str:
    return f"ip:{client_ip(request)}"


class AddressThrottleBackend:
    """Authenticates nobody; refuses (PermissionDenied) while the address is over its limit."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is None:
            return
        wait = ratelimit.exceeded(RATE, _who(request))
        if wait is not None:
            request.login_throttled = wait  # type: ignore[attr-defined]  # read by the login form and API
            raise PermissionDenied

    # No get_user(): it authenticates nobody, so no session names it (and the test client's
    # force_login, which takes the first backend with get_user, passes it by).


def count_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Receiver of ``user_login_failed`` (connected in ``CoreConfig.ready``)."""
    if request is None or getattr(request, "login_throttled", None) is not None:
        return  # refused unread: not one more guess
    wait = ratelimit.hit(RATE, _who(request))
    if wait is not None:
        request.login_throttled = wait  # type: ignore[attr-defined]


def login_throttled(request: Any) -> int | None:
    """Seconds this request's address must wait before logging in again, or None."""
    wait = getattr(request, "login_throttled", None)
    return int(wait) if wait is not None else None


def throttled_message(wait: int) -> str:
    """Too many failed logins from this address (any usernames): when to try again."""
    minutes = max(1, -(-wait // 60))
    return str(
        _(
            "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này nên việc đăng nhập từ đây tạm dừng."
            " Vui lòng thử lại sau %(minutes)d phút."
        )
        % {"minutes": minutes}
    )
