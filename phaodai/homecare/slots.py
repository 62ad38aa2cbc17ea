"""Half-days of the monitoring sheet in local time: the morning ends at noon, the afternoon at midnight."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from phaodai.homecare.enums import Slot

NOON = dt.time(12, 0)
ORDER = {Slot.MORNING: 0, Slot.AFTERNOON: 1}


def slot_of(moment: dt.datetime) -> tuple[dt.date, Slot]:
    """The half-day ``moment`` falls in (local time)."""
    local = timezone.localtime(moment)
    return local.date(), (Slot.MORNING if local.time() < NOON else Slot.AFTERNOON)


def slot_start(day: dt.date, slot: str) -> dt.datetime:
    start = dt.time(0, 0) if slot == Slot.MORNING else NOON
    return timezone.make_aware(dt.datetime.combine(day, start))


def slot_end(day: dt.date, slot: str) -> dt.datetime:
    """When the half-day ends: noon for the morning, the next midnight for the afternoon."""
    if slot == Slot.MORNING:
        return timezone.make_aware(dt.datetime.combine(day, NOON))
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0)))


def slots_between(first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, Slot]]:
    """Every half-day from the morning of ``first`` to the afternoon of ``last``."""
    day = first
    while day <= last:
        yield day, Slot.MORNING
        yield day, Slot.AFTERNOON
        day += dt.timedelta(days=1)
