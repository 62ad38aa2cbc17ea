"""The small demo province, built once per test module and rolled back after it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction

from phaodai.core.seeding import Scale
from phaodai.demo.services import SeedSummary, demo_seed

# A fixed day, so ages and birth dates do not move with the calendar.
TODAY = dt.date(2021, 9, 1)


def load_lao_cai() -> None:
    """The real 2021 map (the loader has no one-province option; the whole map takes about a second)."""
    call_command("load_units", era="2021", stdout=io.StringIO())


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker) -> Iterator[SeedSummary]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_lao_cai()
        summary = demo_seed(scale=Scale.SMALL, seed=42, today=TODAY)
        yield summary
        transaction.set_rollback(True)
