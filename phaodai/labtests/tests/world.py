"""The testing app's part of the test world (``tests/world.py``).

In each of the two communes a health officer holds a market screening with a rapid test of the
commune's resident (``world.people["own"]``/``["sibling"]``), positive, hence a case proposal, and
an RT-PCR pool with that resident in it. The URL walk gets a session, a sample, a pool, a result
and a proposal in each commune; the other commune's place and lab names are its secrets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.labtests import services
from phaodai.labtests.enums import PlaceKind, ResultValue, TestKind
from phaodai.labtests.models import CaseProposal, Pool, TestResult, TestSession

DAY = dt.date(2022, 4, 20)


def _records(actor: Any, unit: Any, person: Any, place: str, lab: str) -> dict[str, Any]:
    session, _created = services.session_create(
        actor=actor, unit=unit, held_on=DAY, place_kind=PlaceKind.MARKET, place=place, lab=lab
    )
    sample, _created = services.sample_record(
        actor=actor, person=person, session=session, result=ResultValue.POSITIVE, symptoms=True
    )
    pool, _created = services.pool_create(
        actor=actor, session=session, kind=TestKind.RT_PCR, code=f"{lab[:3]}-G1"
    )
    services.pool_add_member(actor=actor, pool=pool, person=person)
    result = TestResult.objects.unscoped().get(sample=sample)
    proposal = CaseProposal.objects.unscoped().get(results=result)
    return {"session": session, "sample": sample, "pool": pool, "result": result, "proposal": proposal}


def contribute(world: Any) -> None:
    units = world.units
    own_staff = make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_world_banpho")
    other_staff = make_user(
        role=Role.HEALTH_STAFF, home_unit=units["Xã Lùng Phình"], username="yte_world_lungphinh"
    )
    own = _records(
        own_staff, units["Xã Bản Phố"], world.people["own"], "Chợ phiên Bản Phố", "Trạm Y tế Bản Phố"
    )
    other = _records(
        other_staff,
        units["Xã Lùng Phình"],
        world.people["sibling"],
        "Chợ trâu Lùng Phình",
        "Phòng xét nghiệm Suối Thầu",
    )
    world.labtests = {"own": own, "other": other}
    for name in ("session", "sample", "pool", "result", "proposal"):
        world.record(f"{name}_id", own=own[name].pk, other=other[name].pk)
    world.secret("Chợ trâu Lùng Phình", "Phòng xét nghiệm Suối Thầu")
    world.search("Chợ trâu")

    def state() -> list[Any]:
        return [
            list(
                TestSession.objects.unscoped()
                .filter(pk=other["session"].pk)
                .values_list("place", "held_on", "version")
            ),
            list(
                TestResult.objects.unscoped()
                .filter(person=world.people["sibling"])
                .values_list("pk", "result", "version")
            ),
            list(Pool.objects.unscoped().filter(pk=other["pool"].pk).values_list("result", "version")),
            list(
                CaseProposal.objects.unscoped()
                .filter(pk=other["proposal"].pk)
                .values_list("status", "version")
            ),
        ]

    world.watch(state)
