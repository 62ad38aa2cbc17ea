"""Population: recording, roll-up over the tree, the finest-level rule, source preference."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.areas.enums import AgeBand, PopulationSource, Sex
from phaodai.areas.models import PopulationCount
from phaodai.areas.selectors import population_by_children, population_latest_year, population_of
from phaodai.areas.services import population_record
from phaodai.audit.models import AuditAction, AuditEvent

A0, A18, A65 = AgeBand.A0_4, AgeBand.A18_49, AgeBand.A65_UP
M, F = Sex.MALE, Sex.FEMALE


def record(unit, counts, *, year=2021, source=PopulationSource.CENSUS, actor=None):
    return population_record(actor=actor, unit=unit, year=year, source=source, counts=counts)


@pytest.fixture
def villages(units):
    """Census 2021 figures on the villages of Bắc Hà: Bản Phố 1+2 = 34, Lùng Phình = 100."""
    record(units["Thôn Bản Phố 1"], {(A0, M): 10, (A0, F): 12})
    record(units["Thôn Bản Phố 2"], {(A0, M): 5, (A65, F): 7})
    record(units["Thôn Lùng Phình"], {(A18, M): 100})
    return units


def test_village_figures_roll_up_to_commune_district_and_province(villages):
    commune = population_of(unit=villages["Xã Bản Phố"], year=2021)
    district = population_of(unit=villages["Huyện Bắc Hà"], year=2021)
    province = population_of(unit=villages["Tỉnh Lào Cai"], year=2021)

    assert (commune.total, district.total, province.total) == (34, 134, 134)
    assert commune.by_cell[(A0, M)] == 15
    assert commune.by_cell[(A0, F)] == 12
    assert commune.by_cell[(A65, F)] == 7
    assert commune.by_age_band == {
        AgeBand.A0_4: 27,
        AgeBand.A5_11: 0,
        AgeBand.A12_17: 0,
        AgeBand.A18_49: 0,
        AgeBand.A50_64: 0,
        AgeBand.A65_UP: 7,
    }
    assert commune.by_sex == {Sex.MALE: 15, Sex.FEMALE: 19}
    assert (commune.source, commune.depth) == (PopulationSource.CENSUS, 3)
    assert commune.table()[0] == (AgeBand.A0_4, 15, 12, 27)


def test_population_of_is_one_query(villages, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = population_of(unit=villages["Tỉnh Lào Cai"], year=2021)

    assert summary.total == 134


def test_only_the_finest_level_present_is_summed(villages):
    record(villages["Xã Bản Phố"], {(A0, M): 1000})  # a coarser figure for the same subtree
    record(villages["Xã Sán Chải"], {(A18, F): 50})  # a commune whose villages have no figures

    commune = population_of(unit=villages["Xã Bản Phố"], year=2021)
    san_chai = population_of(unit=villages["Xã Sán Chải"], year=2021)
    province = population_of(unit=villages["Tỉnh Lào Cai"], year=2021)

    assert (commune.total, commune.depth) == (34, 3)
    assert (san_chai.total, san_chai.depth) == (50, 2)
    # In the province the finest level present is the village: commune-level figures are not added.
    assert (province.total, province.depth) == (134, 3)


def test_best_source_present_is_used_unless_one_is_asked(villages):
    commune = villages["Xã Bản Phố"]
    record(commune, {(A0, M): 40}, source=PopulationSource.REGISTRY)
    record(villages["Thôn Bản Phố 1"], {(A0, M): 30}, source=PopulationSource.ESTIMATE)

    best = population_of(unit=commune, year=2021)
    registry = population_of(unit=commune, year=2021, source=PopulationSource.REGISTRY)
    estimate = population_of(unit=commune, year=2021, source=PopulationSource.ESTIMATE)

    assert (best.source, best.total) == (PopulationSource.CENSUS, 34)
    assert (registry.source, registry.total) == (PopulationSource.REGISTRY, 40)
    assert (estimate.source, estimate.total) == (PopulationSource.ESTIMATE, 30)


def test_estimate_beats_registry_when_there_is_no_census(units):
    record(units["Xã Pa Tần"], {(A0, F): 8}, source=PopulationSource.REGISTRY)
    record(units["Xã Pa Tần"], {(A0, F): 9}, source=PopulationSource.ESTIMATE)

    summary = population_of(unit=units["Huyện Sìn Hồ"], year=2021)

    assert (summary.source, summary.total) == (PopulationSource.ESTIMATE, 9)


def test_a_unit_without_figures_has_an_empty_summary(villages):
    summary = population_of(unit=villages["Xã Sán Chải"], year=2021)
    other_year = population_of(unit=villages["Xã Bản Phố"], year=2022)

    assert (summary.is_empty, summary.total, summary.source, summary.depth) == (True, 0, None, None)
    assert (other_year.is_empty, other_year.total) == (True, 0)


def test_population_by_children_in_one_query(villages, district_leader, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = population_by_children(user=district_leader, unit=villages["Huyện Bắc Hà"], year=2021)

    assert [(child.name, total) for child, total in rows] == [("Xã Bản Phố", 34), ("Xã Lùng Phình", 100)]


def test_children_follow_the_parent_choice_of_source_and_level(villages, province_leader):
    record(villages["Xã Sán Chải"], {(A18, F): 50})

    rows = population_by_children(user=province_leader, unit=villages["Tỉnh Lào Cai"], year=2021)

    # Village level is the finest in the province, so Si Ma Cai's commune figure is not counted.
    assert [(child.name, total) for child, total in rows] == [
        ("Huyện Bắc Hà", 134),
        ("Huyện Si Ma Cai", None),
    ]
    assert (
        sum(total or 0 for _child, total in rows)
        == population_of(unit=villages["Tỉnh Lào Cai"], year=2021).total
    )


def test_population_by_children_shows_only_what_the_user_may_see(
    villages, commune_leader, other_commune_leader
):
    mine = population_by_children(user=commune_leader, unit=villages["Huyện Bắc Hà"], year=2021)
    inside = population_by_children(user=commune_leader, unit=villages["Xã Bản Phố"], year=2021)

    assert [(child.name, total) for child, total in mine] == [("Xã Bản Phố", 34)]
    assert [(child.name, total) for child, total in inside] == [
        ("Thôn Bản Phố 1", 22),
        ("Thôn Bản Phố 2", 12),
    ]


def test_population_latest_year(villages):
    record(villages["Thôn Bản Phố 1"], {(A0, M): 11}, year=2023)

    assert population_latest_year(unit=villages["Xã Bản Phố"]) == 2023
    assert population_latest_year(unit=villages["Xã Lùng Phình"]) == 2021
    assert population_latest_year(unit=villages["Xã Sán Chải"]) is None


def test_recording_writes_cells_and_one_audit_row(units):
    village = units["Thôn Bản Phố 1"]

    cells = record(village, {(A0, M): 10, (A0, F): 12})

    assert [(c.age_band, c.sex, c.count, c.unit_path) for c in cells] == [
        ("0-4", "M", 10, village.path),
        ("0-4", "F", 12, village.path),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.target_id, event.area_path) == (
        AuditAction.CREATED,
        "areas.adminunit",
        village.pk,
        village.path,
    )
    assert event.changes == {
        "year": 2021,
        "source": "census",
        "cells": {"0-4/F": [None, 12], "0-4/M": [None, 10]},
    }


def test_correcting_a_cell_updates_it_and_audits_the_change(units):
    village = units["Thôn Bản Phố 1"]
    record(village, {(A0, M): 10, (A0, F): 12})

    record(village, {(A0, M): 11, (A0, F): 12})

    assert PopulationCount.objects.filter(unit=village).count() == 2
    assert PopulationCount.objects.get(unit=village, sex=M).count == 11
    latest = AuditEvent.objects.order_by("-pk").first()
    assert latest is not None
    assert (latest.action, latest.changes["cells"]) == (AuditAction.UPDATED, {"0-4/M": [10, 11]})


def test_recording_the_same_figures_again_changes_and_audits_nothing(units):
    village = units["Thôn Bản Phố 1"]
    record(village, {(A0, M): 10})

    record(village, {(A0, M): 10})

    assert AuditEvent.objects.count() == 1
    assert PopulationCount.objects.count() == 1


@pytest.mark.parametrize(
    ("_case", "kwargs", "field", "message"),
    [
        ("bad year", {"year": 1800}, "year", "Năm phải là số nguyên từ 1979 đến 2100."),
        ("bad source", {"source": "guess"}, "source", "Nguồn số liệu “guess” không hợp lệ."),
        (
            "negative",
            {"counts": {(A0, M): -1}},
            "counts",
            "Số người của ô 0-4/M phải là số nguyên từ 0 đến 50000000.",
        ),
        (
            "bad band",
            {"counts": {("0-3", M): 1}},
            "counts",
            "Ô ('0-3', 'M') không phải (nhóm tuổi, giới tính) hợp lệ.",
        ),
        ("empty", {"counts": {}}, "counts", "Cần ít nhất một ô số liệu (nhóm tuổi × giới tính)."),
    ],
)
def test_invalid_figures_are_refused_and_nothing_is_written(units, _case, kwargs, field, message):
    arguments = {"year": 2021, "source": PopulationSource.CENSUS, "counts": {(A0, F): 3}, **kwargs}

    with pytest.raises(ValidationError) as caught:
        population_record(actor=None, unit=units["Xã Bản Phố"], **arguments)

    assert caught.value.message_dict == {field: [message]}
    assert PopulationCount.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_leader_without_manage_areas_may_not_record(units, commune_leader):
    with pytest.raises(PermissionDenied):
        record(units["Xã Bản Phố"], {(A0, M): 1}, actor=commune_leader)

    assert PopulationCount.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_system_admin_records_with_their_name_on_the_audit_row(units, system_admin):
    record(units["Xã Bản Phố"], {(A0, M): 1}, actor=system_admin)

    assert AuditEvent.objects.get().actor == system_admin
