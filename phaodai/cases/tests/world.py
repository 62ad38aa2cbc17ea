"""The cases app's part of the test world (``tests/world.py``): a case and a facility in each of
the two communes (the other commune's case is of its resident Thào Thị Mỷ, already a secret)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaodai.cases.enums import BedKind, CareSetting, HowFound, VaccinationStatus
from phaodai.cases.models import CareEpisode, Case, Facility
from phaodai.cases.tests.factories import make_case, make_facility


def contribute(world: Any) -> None:
    units = world.units
    own_station = make_facility(
        unit=units["Xã Bản Phố"],
        tier=CareSetting.COMMUNE_STATION,
        name="Trạm Y tế xã Bản Phố",
        beds={BedKind.ORDINARY: 4},
    )
    other_station = make_facility(
        unit=units["Xã Lùng Phình"],
        tier=CareSetting.COMMUNE_STATION,
        name="Trạm Y tế xã Suối Thầu Kín",
        beds={BedKind.ORDINARY: 3},
    )
    own = make_case(
        person=world.people["own"],
        confirmed_on=dt.date(2022, 2, 10),
        how_found=HowFound.SCREENING,
        vaccination_status=VaccinationStatus.FULL,
        respiratory_rate=18,
        spo2=97,
    )
    other = make_case(
        person=world.people["sibling"],
        confirmed_on=dt.date(2022, 2, 11),
        how_found=HowFound.COMMUNITY,
        care_setting=CareSetting.COMMUNE_STATION,
        facility=other_station,
        bed_kind=BedKind.ORDINARY,
        respiratory_rate=19,
        spo2=98,
        notes="Ghi chú bí mật Lùng Phình 7731",
    )
    world.cases = {"own": own, "other": other}
    world.facilities = {"own": own_station, "other": other_station}
    world.record("case_id", own=own.pk, other=other.pk)
    world.record("facility_id", own=own_station.pk, other=other_station.pk)
    world.secret(other_station.name, "Ghi chú bí mật Lùng Phình 7731")

    def state() -> list[Any]:
        case = list(
            Case.objects.unscoped()
            .filter(pk=other.pk)
            .values_list("severity", "care_setting", "facility", "status", "outcome_on", "version", "notes")
        )
        episodes = list(
            CareEpisode.objects.filter(case_id=other.pk).values_list("setting", "started_on", "ended_on")
        )
        station = list(Facility.objects.unscoped().filter(pk=other_station.pk).values_list("name", "version"))
        return [case, episodes, station]

    world.watch(state)
