"""Rate limits: how often one address or one user may do something, counted in the cache.

Every limit is a named rate in ``settings.PHAODAI_RATES`` ("300/min", "30/15min", "5000/d"), so
deployments tune them without code; the cache is shared by all workers (Redis in production,
``CACHES``), so a limit holds across processes and machines. Windows are fixed: the count
restarts when its cache entry expires. One ``add`` or ``incr`` per event: cheap enough for every
request, exact enough to stop a script while never bothering a person.

The API's DRF throttles (``phaodai.api.throttles``), the page middleware
(``phaodai.core.middleware.PageRateLimitMiddleware``) and the login throttle
(``phaodai.core.logins``) all count here, so a page and an endpoint that read the same
records can share one limit.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_PREFIX = "phaodai:rate:"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$")
_UNIT_SECONDS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
_UNIT_SECONDS |= {"d": 86400, "day": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


def parse_rate(text: str) -> Rate:
    """ "300/min" → 300 per 60 s; "30/15min" → 30 per 900 s. Refuses anything else."""
    match = _RATE.match(text)
    if match is None:
        raise ImproperlyConfigured(f"Bad rate {text!r}: write it as '<count>/<period>', e.g. '300/min'.")
    count, multiplier, unit = match.groups()
    return Rate(limit=int(count), window=int(multiplier or 1) * _UNIT_SECONDS[unit])


def rate(name: str) -> Rate:
    """The configured rate called ``name`` (``settings.PHAODAI_RATES``)."""
    rates: dict[str, str] = getattr(settings, "PHAODAI_RATES", {})
    if name not in rates:
        raise ImproperlyConfigured(f"PHAODAI_RATES has no rate called {name!r}.")
    return parse_rate(rates[name])


def _key(name: str, who: str) -> str:
    return f"{_PREFIX}{name}:{who}"


def hit(name: str, who: str) -> int | None:
    """Count one event of ``who`` under the rate ``name``.

    None while within the limit; once past it, the seconds until the window ends (≥ 1).
    """
    current = rate(name)
    key = _key(name, who)
    if _start_window(key, current.window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr: a new window
            _start_window(key, current.window)
            count = 1
    if count <= current.limit:
        return None
    return seconds_left(key)


def _start_window(key: str, window: int) -> bool:
    """Start a window at 1 event unless one is running; remember when it ends (for Retry-After)."""
    if not cache.add(key, 1, timeout=window):
        return False
    cache.set(key + ":ends", time.time() + window, timeout=window)
    return True


def exceeded(name: str, who: str) -> int | None:
    """Like ``hit`` but without counting: None, or the seconds until ``who`` may try again."""
    current = rate(name)
    key = _key(name, who)
    if int(cache.get(key, 0)) <= current.limit:
        return None
    return seconds_left(key)


def seconds_left(key: str) -> int:
    """Whole seconds (≥ 1) until the window of ``key`` ends."""
    ends = cache.get(key + ":ends")
    if ends is None:
        return 1
    return max(1, int(float(ends) - time.time() + 0.999))
