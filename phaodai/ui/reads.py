"""Pages that show someone's personal record: log the reading, limit how fast records are opened.

``record_viewed(request, record)`` writes one access-log row (``audit.AccessLog``, channel
"page"); ``@rate_limited("people_read")`` answers the 429 page once the user opened more records
than the rate allows. The API's endpoints do the same through ``ScopedAPIView.logs_access`` and
``throttle_scope``, counting under the same names, so page and API share one limit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db import models
from django.http import HttpRequest, HttpResponse

from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.services import access_record
from phaodai.core import ratelimit
from phaodai.core.clients import client_ip
from phaodai.core.middleware import too_many_requests

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def record_viewed(request: HttpRequest, record: models.Model, *, page: str = "") -> None:
    """One access-log row: this user opened this record on a page (``page`` names which one)."""
    access_record(
        actor=request.user,
        kind=AccessKind.VIEWED,
        channel=AccessChannel.PAGE,
        target=record,
        area_path=str(getattr(record, "area_path", "")),
        details={"page": page} if page else None,
    )


def rate_limited(name: str) -> Callable[[_View], _View]:
    """Count each request under the rate ``name`` per user (per address if anonymous); 429 past it."""

    def decorate(view: _View) -> _View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = getattr(request, "user", None)
            who = (
                f"user:{user.pk}"
                if user is not None and user.is_authenticated
                else f"ip:{client_ip(request)}"
            )
            wait = ratelimit.hit(name, who)
            if wait is not None:
                return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return cast(_View, limited)

    return decorate
