"""SMS and chat gateways behind one small interface, chosen in settings (``PHAODAI_SMS_GATEWAY``).

``LoggingGateway`` (development) writes the message to the log; ``HttpGateway`` (production)
POSTs ``{"to", "text"}`` as JSON to ``PHAODAI_SMS_GATEWAY_URL`` with a bearer token. Any other
provider is one class with ``send(to, text)`` that raises ``GatewayError`` on failure.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("phaodai.alerts.sms")


class GatewayError(Exception):
    pass


class Gateway(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LoggingGateway:
    """Development: nothing leaves the machine; the message is logged."""

    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        logger.warning("SMS to %s: %s", to, text)
        self.sent.append((to, text))


class HttpGateway:
    """Production: a provider's HTTP API (JSON body, bearer token, 10 s timeout)."""

    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = url or settings.PHAODAI_SMS_GATEWAY_URL
        self.token = token or settings.PHAODAI_SMS_GATEWAY_TOKEN
        if not self.url.startswith("https://") and not self.url.startswith("http://127.0.0.1"):
            raise GatewayError("PHAODAI_SMS_GATEWAY_URL must be an https:// address")

    def send(self, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.url,
            data=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise GatewayError(f"HTTP {response.status}")
        except OSError as error:
            raise GatewayError(str(error)) from error


@cache
def _gateway_class(path: str) -> type[Gateway]:
    found: type[Gateway] = import_string(path)
    return found


def gateway() -> Gateway:
    return _gateway_class(settings.PHAODAI_SMS_GATEWAY)()
