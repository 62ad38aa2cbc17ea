"""The API's rate limits: DRF throttles that count in ``phaodai.core.ratelimit``.

Every endpoint has, by default (``REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]``):

* ``UserThrottle`` — per signed-in user (rate ``api_user``), or per address for anonymous calls
  (``api_anonymous``, the token endpoint);
* ``AddressThrottle`` — per client address, whoever is signed in (``api_address``): one
  machine cycling through stolen tokens is still one address;
* ``ScopeThrottle`` — an endpoint's own, stricter limit when it names one in ``throttle_scope``
  (``people_read`` for a resident's full record, shared with the resident's page).

Over a limit the answer is JSON ``429`` with ``Retry-After`` (``phaodai.api.exceptions``).
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from phaodai.core import ratelimit
from phaodai.core.clients import client_ip


class _CountedThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: int | None = None

    def key(self, request: Request, view: Any) -> tuple[str, str] | None:
        """(rate name, who) to count this request under; None to let it through uncounted."""
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        key = self.key(request, view)
        if key is None:
            return True
        self._wait = ratelimit.hit(*key)
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


class UserThrottle(_CountedThrottle):
    def key(self, request: Request, view: Any) -> tuple[str, str] | None:
        if request.user.is_authenticated:
            return "api_user", f"user:{request.user.pk}"
        return "api_anonymous", f"ip:{client_ip(request)}"


class AddressThrottle(_CountedThrottle):
    def key(self, request: Request, view: Any) -> tuple[str, str] | None:
        return "api_address", f"ip:{client_ip(request)}"


class ScopeThrottle(_CountedThrottle):
    def key(self, request: Request, view: Any) -> tuple[str, str] | None:
        scope = getattr(view, "throttle_scope", None)
        if not scope:
            return None
        if request.user.is_authenticated:
            return scope, f"user:{request.user.pk}"
        return scope, f"ip:{client_ip(request)}"
