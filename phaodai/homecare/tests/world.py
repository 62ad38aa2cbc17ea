"""The home-care part of the test world (``tests/world.py``): an entry and a personal link for the
case of each of the two communes (the cases app's own records), so the URL walk covers the
sheet, the entry pages and the API with this app's records."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.homecare import services
from phaodai.homecare.enums import EntrySource, Slot
from phaodai.homecare.models import MonitoringEntry, MonitoringLink
from phaodai.homecare.tests.factories import local
from phaodai.homecare.tokens import new_token
from phaodai.rules.models import RuleSet

DAY = dt.date(2022, 2, 11)
OTHER_NOTE = "Ghi chú theo dõi bí mật Lùng Phình 5521"


def contribute(world: Any) -> None:
    # A test that flushed the database (transactional tests) lost the migration's rule sets.
    services.rule_sets_install(
        import_module("phaodai.homecare.migrations.0002_warning_signs_rule_sets").RULE_SETS
    )
    own_case, other_case = world.cases["own"], world.cases["other"]
    nurse = make_user(
        role=Role.HEALTH_STAFF, home_unit=world.units["Xã Bản Phố"], username="yte_homecare_world"
    )
    own_entry, _created = services.entry_create(
        actor=nurse,
        case=own_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "98", "respiratory_rate": "18"},
        note="Ghi chú theo dõi Bản Phố",
        now=local(DAY, 9),
    )
    own_link = services.link_create(actor=nurse, case=own_case, now=local(DAY, 9)).link
    # The other commune's case is in its health station: its rows are written as they would
    # have been while it was at home.
    other_entry = MonitoringEntry(
        case=other_case,
        unit=other_case.unit,
        day=DAY,
        slot=Slot.MORNING,
        spo2=95,
        signs=[3],
        sign_reasons=["3. SpO2 95 % ≤ 96"],
        has_warning=True,
        note=OTHER_NOTE,
        rule_set=RuleSet.objects.get(code="warning_signs.261"),
        source=EntrySource.STAFF,
        recorded_at=local(DAY, 9),
    )
    other_entry.save()
    other_link = MonitoringLink(case=other_case, unit=other_case.unit, token_hash=new_token()[1])
    other_link.save()
    world.record("entry_id", own=own_entry.pk, other=other_entry.pk)
    world.record("link_id", own=own_link.pk, other=other_link.pk)
    world.secret(OTHER_NOTE)

    def state() -> list[Any]:
        entries = list(
            MonitoringEntry.objects.unscoped()
            .filter(case=other_case)
            .values_list("pk", "spo2", "note", "signs", "version")
        )
        links = list(
            MonitoringLink.objects.unscoped().filter(case=other_case).values_list("pk", "revoked_at")
        )
        return [entries, links]

    world.watch(state)
