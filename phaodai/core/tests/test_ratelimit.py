"""Named rates counted in the cache (phaodai.core.ratelimit)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from phaodai.core import ratelimit
from phaodai.core.ratelimit import Rate, parse_rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300/min", Rate(300, 60)),
        ("30/15min", Rate(30, 900)),
        ("5/s", Rate(5, 1)),
        ("1000/hour", Rate(1000, 3600)),
        ("2/d", Rate(2, 86400)),
        (" 7 / 2h ", Rate(7, 7200)),
    ],
)
def test_rates_are_written_count_per_period(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["", "300", "300/fortnight", "-1/min", "a/min", "3/0.5min"])
def test_a_malformed_rate_is_refused_with_how_to_write_it(text):
    with pytest.raises(ImproperlyConfigured, match=re.escape("e.g. '300/min'")):
        parse_rate(text)


def test_hit_counts_until_the_limit_and_then_says_how_long_to_wait(settings):
    settings.PHAODAI_RATES = {"probe": "3/min"}

    waits = [ratelimit.hit("probe", "ip:1") for _ in range(5)]

    assert waits[:3] == [None, None, None]
    assert all(wait is not None and 1 <= wait <= 60 for wait in waits[3:])
    assert ratelimit.hit("probe", "ip:2") is None  # someone else has their own count
    assert ratelimit.exceeded("probe", "ip:1") is not None
    assert ratelimit.exceeded("probe", "ip:2") is None


def test_an_unknown_rate_name_is_a_configuration_error(settings):
    settings.PHAODAI_RATES = {}

    with pytest.raises(ImproperlyConfigured, match="no rate called 'probe'"):
        ratelimit.hit("probe", "ip:1")
