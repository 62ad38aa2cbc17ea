from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings

TALLY_APP = "phaodai.counts.tests.tallyapp"


@pytest.fixture
def tally_indicators(settings: Any) -> Iterator[None]:
    """The test app's indicators declared (``tally.made`` by colour, the stock ``tally.open``)."""
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, TALLY_APP]):
        yield


@pytest.fixture
def tally_table(tally_indicators: None) -> Iterator[type]:
    """The test app's records too (its table made for the test: use ``transactional_db``)."""
    model = apps.get_model("counts_tallyapp", "Tally")
    with connection.schema_editor() as editor:
        editor.create_model(model)
    try:
        yield model
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(model)
