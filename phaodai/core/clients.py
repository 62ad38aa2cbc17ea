"""Who is asking: the client's address, read one way by every limit, lock-out and log.

Behind the reverse proxy the README describes, every request comes from the proxy's address and
the client's is in ``X-Forwarded-For``; trusting that header without a proxy would let anyone
choose their address. ``PHAODAI_PROXY_COUNT`` says how many proxies stand in front of Django
(0, the default: none, ``REMOTE_ADDR`` is the client). Each proxy appends the address it saw to
``X-Forwarded-For`` (nginx: ``$proxy_add_x_forwarded_for``), so the client is the
``PHAODAI_PROXY_COUNT``-th entry from the right; entries further left were written by the client
and are ignored. This is the rule of DRF's ``NUM_PROXIES`` (set to the same count), and
django-axes is given this function (``AXES_CLIENT_IP_CALLABLE``), so lock-outs, throttles and the
access log agree on who the client is.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str:
    """``text`` as a normalised IP address, or "" when it is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address ("" if none can be read)."""
    remote = _address(str(request.META.get("REMOTE_ADDR", "")))
    proxies = int(getattr(settings, "PHAODAI_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()
    ]
    if not forwarded:
        return remote  # reached Django without passing the proxy (a health check on localhost)
    return _address(forwarded[-min(proxies, len(forwarded))]) or remote
