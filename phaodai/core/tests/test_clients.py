"""The client's address, read the same way by every limit and log (phaodai.core.clients)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from phaodai.core.clients import client_ip


def _request(remote: str = "10.0.0.1", forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "203.0.113.9, 198.51.100.1", "198.51.100.1"),  # left of the proxy's entry: forged
        (2, "203.0.113.9, 198.51.100.1, 192.0.2.5", "198.51.100.1"),
        (2, "198.51.100.1", "198.51.100.1"),  # fewer entries than proxies: the leftmost
        (1, None, "10.0.0.1"),  # not through the proxy (a health check on the machine)
        (1, "not-an-address", "10.0.0.1"),
        (1, " 2001:DB8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip_reads_the_entry_the_outermost_trusted_proxy_wrote(settings, proxies, forwarded, expected):
    settings.PHAODAI_PROXY_COUNT = proxies

    assert client_ip(_request(forwarded=forwarded)) == expected


def test_client_ip_of_a_request_without_an_address_is_empty(settings):
    settings.PHAODAI_PROXY_COUNT = 0

    assert client_ip(_request(remote="")) == ""
