"""Fixtures of the areas tests: the real 2021 and 2025 maps, loaded from the committed data."""

from __future__ import annotations

import pytest

from phaodai.areas.loaders import load_era, load_successions
from phaodai.areas.models import AdminUnit


@pytest.fixture
def map_2021(db):
    load_era("2021")


@pytest.fixture
def real_maps(db):
    """Both eras and the 2021 → 2025 links (a couple of seconds on SQLite)."""
    load_era("2021")
    load_era("2025")
    load_successions()


def unit(era: str, code: str) -> AdminUnit:
    return AdminUnit.objects.select_related("era", "parent").get(era__code=era, code=code)
