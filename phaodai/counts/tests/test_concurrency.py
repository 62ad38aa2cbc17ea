"""Two transactions adding to the same count at once: no increment lost, no unique-key crash.

Needs real concurrent connections: run on PostgreSQL (``DATABASE_URL=postgres://…``); skipped on
SQLite, which serialises writers to one database file anyway.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from phaodai.counts.models import DailyCount, DailyTotal
from phaodai.counts.services import count_add

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
    pytest.mark.usefixtures("tally_indicators"),
]

DAY = dt.date(2021, 8, 1)


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def test_two_transactions_creating_the_same_key_at_once_both_count(units):
    unit = units["Xã Bản Phố"]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def add() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                count_add(unit=unit.pk, day=DAY, indicator="tally.made", dims=["red"])
                time.sleep(0.3)  # hold the transaction open: the other one meets the same new key
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    _run([threading.Thread(target=add) for _ in range(2)])

    assert errors == []
    assert DailyCount.objects.unscoped().get().value == 2
    assert DailyTotal.objects.unscoped().get().value == 2


def test_many_writers_lose_nothing(units):
    unit = units["Xã Bản Phố"]
    errors: list[BaseException] = []

    def add_many() -> None:
        close_old_connections()
        try:
            for _ in range(25):
                with transaction.atomic():
                    count_add(unit=unit.pk, day=DAY, indicator="tally.made", dims=["red"])
                    count_add(unit=unit.pk, day=DAY, indicator="tally.open", delta=-1)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    _run([threading.Thread(target=add_many) for _ in range(4)])

    assert errors == []
    rows = DailyCount.objects.unscoped().order_by("indicator").values_list("indicator", "dim1", "value")
    assert list(rows) == [("tally.made", "red", 100), ("tally.open", "", -100)]
    assert DailyTotal.objects.unscoped().get().value == 100
