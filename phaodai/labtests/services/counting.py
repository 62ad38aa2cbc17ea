"""Keeping the testing figures (``indicators``) in step with the records, in the same transaction.

Each record's contribution is a list of count keys (``keys_of_*``); a service takes the keys
before and after its change and ``counts_move`` adds the difference (``counts.services.count_add``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from phaodai.counts.services import count_add
from phaodai.labtests.enums import ResultValue
from phaodai.labtests.indicators import POOLS, POOLS_POSITIVE, POSITIVE, SAMPLES
from phaodai.labtests.models import Pool, Sample, TestResult


class Key(NamedTuple):
    unit_id: int
    day: dt.date
    indicator: str
    dims: tuple[str, ...]


def keys_of_sample(sample: Sample | None) -> list[Key]:
    if sample is None:
        return []
    return [Key(sample.unit_id, sample.sampled_on, SAMPLES, (sample.kind,))]


def keys_of_result(result: TestResult | None) -> list[Key]:
    if result is None or result.result != ResultValue.POSITIVE:
        return []
    return [Key(result.unit_id, result.sampled_on, POSITIVE, (result.kind,))]


def keys_of_pool(pool: Pool | None) -> list[Key]:
    if pool is None:
        return []
    keys = [Key(pool.unit_id, pool.sampled_on, POOLS, (pool.kind,))]
    if pool.result == ResultValue.POSITIVE:
        keys.append(Key(pool.unit_id, pool.sampled_on, POOLS_POSITIVE, (pool.kind,)))
    return keys


def counts_move(before: Iterable[Key], after: Iterable[Key]) -> None:
    """Add what changed between two states of the records: −1 for each key gone, +1 for each new."""
    delta: Counter[Key] = Counter(after)
    delta.subtract(Counter(before))
    for key, change in sorted(delta.items()):
        if change:
            count_add(unit=key.unit_id, day=key.day, indicator=key.indicator, delta=change, dims=key.dims)
