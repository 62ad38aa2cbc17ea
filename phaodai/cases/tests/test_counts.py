"""The cases indicators kept incrementally equal the ones rebuilt from the records, whatever happens."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError

from phaodai.cases.enums import BedKind, CareSetting, CaseStatus, HowFound, Severity
from phaodai.cases.models import Case
from phaodai.cases.services import (
    case_close,
    case_delete,
    case_severity_change,
    case_transfer,
    case_update,
    facility_update,
)
from phaodai.cases.tests.factories import make_case, make_facility
from phaodai.counts.selectors import count_by_dim, count_total, stock_on
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.people.services import person_merge
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
START = dt.date(2022, 2, 1)


def test_figures_of_a_few_cases(units, system_admin, facilities):
    people = [
        make_person(residence_unit=units["Thôn Bản Phố 1"], birth_date=dt.date(1980, 1, i + 1))
        for i in range(3)
    ]
    a = make_case(person=people[0], confirmed_on=START, how_found=HowFound.SCREENING, source_known=True)
    make_case(person=people[1], confirmed_on=START, how_found=HowFound.SCREENING)
    c = make_case(person=people[2], confirmed_on=START + dt.timedelta(days=1), how_found=HowFound.CHECKPOINT)
    case_severity_change(
        actor=system_admin,
        case=a,
        expected_version=None,
        severity=Severity.MODERATE,
        on=START + dt.timedelta(days=2),
    )
    case_close(
        actor=system_admin,
        case=c,
        expected_version=None,
        status=CaseStatus.DIED,
        on=START + dt.timedelta(days=3),
        burial_note="Hỏa táng theo quy định",
    )
    commune = units["Xã Bản Phố"]
    end = START + dt.timedelta(days=6)

    assert count_total("cases.new", unit=commune, start=START, end=end) == 3
    assert count_by_dim("cases.new", unit=commune, start=START, end=end, dim=1) == {
        "screening": 2,
        "checkpoint": 1,
    }
    assert count_by_dim("cases.new", unit=commune, start=START, end=end, dim=2) == {"known": 1, "unknown": 2}
    assert stock_on("cases.severity", unit=commune, on=START + dt.timedelta(days=1)) == 3
    assert (
        stock_on("cases.severity", unit=commune, on=START + dt.timedelta(days=4), dims={1: "moderate"}) == 1
    )
    assert stock_on("cases.severity", unit=commune, on=START + dt.timedelta(days=4)) == 2
    assert stock_on("cases.care_setting", unit=commune, on=end, dims={1: "home"}) == 2
    assert count_total("cases.died", unit=units["Tỉnh Lào Cai"], start=START, end=end) == 1
    assert count_total("cases.died", unit=units["Tỉnh Lai Châu"], start=START, end=end) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_counts_equal_rebuilt_after_random_changes(units, system_admin, seed):
    rng = random.Random(seed)  # noqa: S311 - a reproducible sequence, not a secret
    villages = [
        units["Thôn Bản Phố 1"],
        units["Thôn Bản Phố 2"],
        units["Thôn Lùng Phình"],
        units["Thôn Sán Chải"],
    ]
    communes = [units["Xã Bản Phố"], units["Xã Lùng Phình"], units["Xã Sán Chải"]]
    places = [
        make_facility(
            unit=units["Huyện Bắc Hà"],
            tier=CareSetting.DISTRICT,
            beds={BedKind.ORDINARY: 3, BedKind.OXYGEN: 1},
        ),
        make_facility(
            unit=units["Tỉnh Lào Cai"], tier=CareSetting.PROVINCIAL, beds={BedKind.OXYGEN: 2, BedKind.ICU: 1}
        ),
        make_facility(
            unit=units["Xã Sán Chải"], tier=CareSetting.COMMUNE_STATION, beds={BedKind.ORDINARY: 2}
        ),
    ]
    people = [
        make_person(
            residence_unit=rng.choice(villages),
            birth_date=dt.date(1940 + rng.randrange(70), 1 + rng.randrange(12), 1 + rng.randrange(28)),
        )
        for _ in range(12)
    ]

    def day(offset_max: int = 20) -> dt.date:
        return START + dt.timedelta(days=rng.randrange(offset_max))

    done: dict[str, int] = {}
    for _step in range(60):
        cases = list(Case.objects.unscoped().order_by("pk"))
        active = [c for c in cases if c.status == CaseStatus.ACTIVE]
        move = rng.choice(
            [
                "create",
                "create",
                "update",
                "severity",
                "transfer",
                "transfer",
                "close",
                "delete",
                "merge",
                "facility",
            ]
        )
        try:
            if move == "create" or not cases:
                place = rng.choice([None, *places])
                kind = ""
                if place is not None:
                    kind = rng.choice([b.kind for b in place.beds.all()])
                make_case(
                    person=rng.choice([p for p in people if p.merged_into_id is None]),
                    actor=system_admin,
                    confirmed_on=day(10),
                    how_found=rng.choice(HowFound.values),
                    source_known=rng.random() < 0.5,
                    care_setting=place.tier if place else CareSetting.HOME,
                    facility=place,
                    bed_kind=kind,
                )
            elif move == "update":
                case = rng.choice(cases)
                case_update(
                    actor=system_admin,
                    case=case,
                    expected_version=case.version,
                    how_found=rng.choice(HowFound.values),
                    source_known=rng.random() < 0.5,
                    confirmed_on=case.confirmed_on + dt.timedelta(days=rng.choice([-1, 0, 1])),
                    unit=rng.choice(communes),
                )
            elif move == "severity" and active:
                case = rng.choice(active)
                case_severity_change(
                    actor=system_admin,
                    case=case,
                    expected_version=case.version,
                    severity=rng.choice(Severity.values),
                    on=day(),
                )
            elif move == "transfer" and active:
                case = rng.choice(active)
                place = rng.choice([None, *places])
                kind = rng.choice([b.kind for b in place.beds.all()]) if place else ""
                case_transfer(
                    actor=system_admin,
                    case=case,
                    expected_version=case.version,
                    care_setting=place.tier if place else CareSetting.HOME,
                    facility=place,
                    bed_kind=kind,
                    on=day(),
                    reason="thử",
                )
            elif move == "close" and active:
                case = rng.choice(active)
                case_close(
                    actor=system_admin,
                    case=case,
                    expected_version=case.version,
                    status=rng.choice([CaseStatus.RECOVERED, CaseStatus.DIED, CaseStatus.TRANSFERRED_OUT]),
                    on=day(25),
                )
            elif move == "delete":
                case_delete(actor=system_admin, case=rng.choice(cases), reason="nhập nhầm")
            elif move == "merge":
                alive = [p for p in people if p.merged_into_id is None]
                if len(alive) > 2:
                    survivor, duplicate = rng.sample(alive, 2)
                    person_merge(actor=system_admin, survivor=survivor, duplicate=duplicate)
                    for p in people:
                        p.refresh_from_db()
            elif move == "facility":
                place = rng.choice(places)
                place.refresh_from_db()
                facility_update(
                    actor=system_admin,
                    facility=place,
                    expected_version=place.version,
                    unit=rng.choice([units["Huyện Bắc Hà"], units["Huyện Si Ma Cai"], units["Tỉnh Lào Cai"]]),
                )
        except ValidationError:
            pass  # refused: nothing may have moved (checked below like every other step)
        else:
            done[move] = done.get(move, 0) + 1
        if _step % 10 == 9:
            assert_counts_rebuild_equal()
    assert Case.objects.unscoped().exists()
    assert {"create", "transfer", "close", "merge"} <= set(done), done
    assert_counts_rebuild_equal()
