"""How an owning app moves its counts: in the transaction of each record change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from phaodai.counts.services import CountKey, count_move
from phaodai.counts.tests.tallyapp.models import Tally


def _made(tally: Tally) -> CountKey:
    return CountKey(tally.unit_id, tally.day, "tally.made", (tally.colour,))


def _opened(tally: Tally) -> CountKey:
    return CountKey(tally.unit_id, tally.day, "tally.open")


def _closed(tally: Tally) -> CountKey | None:
    return CountKey(tally.unit_id, tally.closed_on, "tally.open") if tally.closed_on else None


@transaction.atomic
def tally_create(*, unit: Any, day: dt.date, colour: str) -> Tally:
    tally = Tally.objects.create(unit=unit, day=day, colour=colour)
    count_move(None, _made(tally))
    count_move(None, _opened(tally))
    return tally


@transaction.atomic
def tally_edit(tally: Tally, **values: Any) -> Tally:
    locked = Tally.objects.unscoped().select_for_update().get(pk=tally.pk)
    before = (_made(locked), _opened(locked), _closed(locked))
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    count_move(before[0], _made(locked))
    count_move(before[1], _opened(locked))
    count_move(before[2], _closed(locked), delta=-1)
    return locked


@transaction.atomic
def tally_delete(tally: Tally) -> None:
    locked = Tally.objects.unscoped().select_for_update().get(pk=tally.pk)
    count_move(_made(locked), None)
    count_move(_opened(locked), None)
    count_move(_closed(locked), None, delta=-1)
    locked.delete()
