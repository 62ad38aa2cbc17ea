"""Occupancy is derived from the care episodes: admissions, transfers, outcomes; proposals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phaodai.audit.models import AuditEvent
from phaodai.cases.enums import BedKind, CareSetting, CaseStatus
from phaodai.cases.models import CareEpisode
from phaodai.cases.selectors import facilities_for_transfer, occupancy_by_day, occupancy_on
from phaodai.cases.services import case_close, case_transfer
from phaodai.cases.tests.factories import make_case, make_facility
from phaodai.counts.models import DailyCount
from phaodai.counts.selectors import stock_on
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db
D = dt.date


def _people(units, n):
    return [
        make_person(residence_unit=units["Thôn Bản Phố 1"], birth_date=D(1980, 1, 1 + i)) for i in range(n)
    ]


def test_occupancy_after_admissions_and_transfers(units, system_admin, facilities):
    bac_ha, province = facilities["bac_ha"], facilities["province"]
    a, b, c = _people(units, 3)
    # 1 Feb: A admitted to Bắc Hà (ordinary). 2 Feb: B to Bắc Hà (ordinary), C at home.
    case_a = make_case(
        person=a,
        confirmed_on=D(2022, 2, 1),
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.ORDINARY,
    )
    case_b = make_case(
        person=b,
        confirmed_on=D(2022, 2, 2),
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.ORDINARY,
    )
    case_c = make_case(person=c, confirmed_on=D(2022, 2, 2))
    # 4 Feb: A moves to Bắc Hà's oxygen bed; 6 Feb: A to the province's oxygen bed; C to Bắc Hà ordinary.
    case_transfer(
        actor=system_admin,
        case=case_a,
        expected_version=None,
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.OXYGEN,
        on=D(2022, 2, 4),
        reason="SpO2 95 %",
    )
    case_transfer(
        actor=system_admin,
        case=case_a,
        expected_version=None,
        care_setting=CareSetting.PROVINCIAL,
        facility=province,
        bed_kind=BedKind.OXYGEN,
        on=D(2022, 2, 6),
        reason="Nặng lên",
    )
    case_transfer(
        actor=system_admin,
        case=case_c,
        expected_version=None,
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.ORDINARY,
        on=D(2022, 2, 6),
        reason="Có triệu chứng",
    )
    # 8 Feb: B recovers.
    case_close(
        actor=system_admin, case=case_b, expected_version=None, status=CaseStatus.RECOVERED, on=D(2022, 2, 8)
    )

    days = dict(occupancy_by_day(bac_ha, start=D(2022, 1, 31), end=D(2022, 2, 9)))
    assert days == {
        D(2022, 1, 31): {},
        D(2022, 2, 1): {"ordinary": 1},
        D(2022, 2, 2): {"ordinary": 2},
        D(2022, 2, 3): {"ordinary": 2},
        D(2022, 2, 4): {"ordinary": 1, "oxygen": 1},
        D(2022, 2, 5): {"ordinary": 1, "oxygen": 1},
        D(2022, 2, 6): {"ordinary": 2},
        D(2022, 2, 7): {"ordinary": 2},
        D(2022, 2, 8): {"ordinary": 1},
        D(2022, 2, 9): {"ordinary": 1},
    }
    assert occupancy_on(province, D(2022, 2, 6)) == {"oxygen": 1}
    # The same figures in counts (a stock by bed kind and facility), read for the district and the province.
    district = units["Huyện Bắc Hà"]
    assert stock_on("cases.beds_occupied", unit=district, on=D(2022, 2, 5), dims={1: "oxygen"}) == 1
    assert stock_on("cases.beds_occupied", unit=district, on=D(2022, 2, 7)) == 2
    assert stock_on("cases.beds_occupied", unit=units["Tỉnh Lào Cai"], on=D(2022, 2, 7)) == 3
    assert (
        stock_on(
            "cases.beds_occupied", unit=district, on=D(2022, 2, 8), dims={1: "ordinary", 2: str(bac_ha.pk)}
        )
        == 1
    )
    assert_counts_rebuild_equal()


def test_transfer_to_a_facility_without_a_free_bed_is_refused(units, system_admin, facilities):
    bac_ha = facilities["bac_ha"]  # one oxygen bed
    a, b = _people(units, 2)
    make_case(
        person=a,
        confirmed_on=D(2022, 2, 1),
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.OXYGEN,
    )
    case_b = make_case(person=b, confirmed_on=D(2022, 2, 2))
    episodes, events, counts = (
        CareEpisode.objects.count(),
        AuditEvent.objects.count(),
        list(DailyCount.objects.values_list("indicator", "day", "dim1", "value").order_by("pk")),
    )

    with pytest.raises(ValidationError) as refused:
        case_transfer(
            actor=system_admin,
            case=case_b,
            expected_version=case_b.version,
            care_setting=CareSetting.DISTRICT,
            facility=bac_ha,
            bed_kind=BedKind.OXYGEN,
            on=D(2022, 2, 3),
            reason="SpO2 95 %",
        )

    assert refused.value.message_dict == {
        "facility": ["Khu điều trị Bắc Hà không còn giường có ô-xy trống từ ngày 03/02/2022."]
    }
    assert (CareEpisode.objects.count(), AuditEvent.objects.count()) == (episodes, events)
    assert list(DailyCount.objects.values_list("indicator", "day", "dim1", "value").order_by("pk")) == counts
    case_b.refresh_from_db()
    assert (case_b.care_setting, case_b.facility_id) == (CareSetting.HOME, None)


def test_a_bed_freed_later_does_not_make_a_backdated_transfer_fit(units, system_admin, facilities):
    """The bed must be free on every day from the transfer to today."""
    bac_ha = facilities["bac_ha"]
    a, b = _people(units, 2)
    case_a = make_case(
        person=a,
        confirmed_on=D(2022, 2, 1),
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.OXYGEN,
    )
    case_close(
        actor=system_admin, case=case_a, expected_version=None, status=CaseStatus.RECOVERED, on=D(2022, 2, 10)
    )
    case_b = make_case(person=b, confirmed_on=D(2022, 2, 2))
    with pytest.raises(ValidationError):
        case_transfer(
            actor=system_admin,
            case=case_b,
            expected_version=None,
            care_setting=CareSetting.DISTRICT,
            facility=bac_ha,
            bed_kind=BedKind.OXYGEN,
            on=D(2022, 2, 5),
            reason="x",
        )
    case_transfer(
        actor=system_admin,
        case=case_b,
        expected_version=None,
        care_setting=CareSetting.DISTRICT,
        facility=bac_ha,
        bed_kind=BedKind.OXYGEN,
        on=D(2022, 2, 10),
        reason="Giường trống",
    )
    assert occupancy_on(bac_ha, D(2022, 2, 10)) == {"oxygen": 1}


def test_transfer_proposes_the_right_tier_with_a_free_bed_nearest_first(units, system_admin, facilities):
    far = facilities["si_ma_cai"]
    near = facilities["bac_ha"]
    full_near = make_facility(
        unit=units["Xã Bản Phố"],
        tier=CareSetting.DISTRICT,
        name="Khu cách ly Bản Phố",
        beds={BedKind.ORDINARY: 1},
    )
    make_facility(
        unit=units["Xã Bản Phố"],
        tier=CareSetting.COMMUNE_STATION,
        name="Trạm y tế Bản Phố",
        beds={BedKind.ORDINARY: 9},
    )
    make_facility(
        unit=units["Xã Pa Tần"],
        tier=CareSetting.DISTRICT,
        name="Khu Pa Tần (tỉnh khác)",
        beds={BedKind.ORDINARY: 9},
    )
    a, b = _people(units, 2)
    make_case(
        person=a,
        confirmed_on=D(2022, 2, 1),
        care_setting=CareSetting.DISTRICT,
        facility=full_near,
        bed_kind=BedKind.ORDINARY,
    )
    case_b = make_case(person=b, confirmed_on=D(2022, 2, 2))

    choices = facilities_for_transfer(
        case=case_b,
        setting=CareSetting.DISTRICT,
        bed_kind=BedKind.ORDINARY,
        on=D(2022, 2, 3),
        today=D(2022, 2, 3),
    )

    assert [(c.facility.name, c.free) for c in choices] == [(near.name, 2), (far.name, 5)]


def test_a_transfer_never_proposes_the_bed_the_case_already_holds(units):
    # The large demo of 4 December 2026 sent a case in a provincial ICU bed "to" that same bed
    # when it became severe, which the transfer refuses.
    hospital = make_facility(
        unit=units["Xã Bản Phố"],
        tier=CareSetting.PROVINCIAL,
        name="Bệnh viện tỉnh",
        beds={BedKind.ICU: 3, BedKind.OXYGEN: 3},
    )
    (person,) = _people(units, 1)
    case = make_case(
        person=person,
        confirmed_on=D(2022, 2, 1),
        care_setting=CareSetting.PROVINCIAL,
        facility=hospital,
        bed_kind=BedKind.ICU,
    )

    def proposed(kind: str) -> list[tuple[str, int]]:
        choices = facilities_for_transfer(
            case=case, setting=CareSetting.PROVINCIAL, bed_kind=kind, on=D(2022, 2, 4), today=D(2022, 2, 4)
        )
        return [(c.facility.name, c.free) for c in choices]

    assert proposed(BedKind.ICU) == []
    assert proposed(BedKind.OXYGEN) == [("Bệnh viện tỉnh", 3)]
