"""Fixtures of the areas tests: the real 2021 map (both maps with successions: test_real_maps.py)."""

from __future__ import annotations

import pytest

from phaodai.areas.loaders import load_era
from phaodai.areas.models import AdminUnit


@pytest.fixture
def map_2021(db):
    load_era("2021")


def unit(era: str, code: str) -> AdminUnit:
    return AdminUnit.objects.select_related("era", "parent").get(era__code=era, code=code)
