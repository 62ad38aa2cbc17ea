"""The establishments app's part of the test world: an establishment with a worker and an
inspection in each of the two communes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.establishments.enums import InspectionResult
from phaodai.establishments.models import Establishment, Inspection, Member
from phaodai.establishments.tests.factories import make_establishment, make_member

SECRET = "Xưởng chè kín Lùng Phình"


def contribute(world: Any) -> None:
    units = world.units
    own = make_establishment(unit=units["Thôn Bản Phố 1"], name="Xưởng chè Bản Phố")
    other = make_establishment(unit=units["Thôn Lùng Phình"], name=SECRET, owner_name="Chủ xưởng kín")
    members = {
        "own": make_member(
            establishment=own, person=world.people["own"], full_name=world.people["own"].full_name
        ),
        "other": make_member(
            establishment=other, person=world.people["sibling"], full_name=world.people["sibling"].full_name
        ),
    }
    inspections = {
        key: Inspection.objects.create(
            establishment=est,
            unit=est.unit,
            inspected_on=dt.date(2021, 9, 1),
            inspectors="Đoàn liên ngành xã",
            result=InspectionResult.CONDITIONAL,
            follow_up="Bổ sung nơi rửa tay",
        )
        for key, est in (("own", own), ("other", other))
    }
    world.establishments = {"own": own, "other": other}
    world.record("establishment_id", own=own.pk, other=other.pk)
    world.record("worker_id", own=members["own"].pk, other=members["other"].pk)
    world.record("inspection_id", own=inspections["own"].pk, other=inspections["other"].pk)
    world.secret(SECRET, "Chủ xưởng kín")
    world.search("xuong che kin")
    world.watch(
        lambda: [
            list(
                Establishment.objects.unscoped()
                .filter(pk=other.pk)
                .values_list("name", "may_operate", "operate_note", "readiness", "version")
            ),
            list(Member.objects.unscoped().filter(establishment=other).values_list("full_name", "active")),
            list(
                Inspection.objects.unscoped()
                .filter(establishment=other)
                .values_list("follow_up_done_on", "version")
            ),
        ]
    )
