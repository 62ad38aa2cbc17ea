"""History lines name related records only when the reader may see them."""

from __future__ import annotations

import pytest

from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_household, make_person
from phaodai.ui.history import field_label, history_entries

pytestmark = pytest.mark.django_db


def test_a_name_from_outside_the_jurisdiction_is_never_shown(units, commune_leader, district_leader):
    own = make_household(unit=units["Thôn Bản Phố 1"], code="BP1-009")
    elsewhere = make_household(unit=units["Thôn Lùng Phình"], code="LP-SECRET")
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử", household=own)
    event = AuditEvent.objects.create(
        action=AuditAction.UPDATED,
        target_type="people.person",
        target_id=person.pk,
        area_path=person.area_path,
        changes={
            "household": [elsewhere.pk, own.pk],
            "residence_unit": [units["Thôn Lùng Phình"].pk, units["Thôn Bản Phố 1"].pk],
        },
    )

    for_commune = history_entries(events=[event], model=Person, user=commune_leader)[0].changes
    for_district = history_entries(events=[event], model=Person, user=district_leader)[0].changes

    assert [(line.label, line.before, line.after) for line in for_commune] == [
        ("Hộ", f"#{elsewhere.pk}", "BP1-009"),
        ("Nơi cư trú", f"#{units['Thôn Lùng Phình'].pk}", "Thôn Bản Phố 1"),
    ]
    assert [(line.before, line.after) for line in for_district] == [
        ("LP-SECRET", "BP1-009"),
        ("Thôn Lùng Phình", "Thôn Bản Phố 1"),
    ]


def test_labels_come_from_the_fields_own_verbose_names():
    assert (field_label(Person, "merged_into"), field_label(Person, "national_id")) == (
        "Được gộp vào hồ sơ",
        "Số CCCD/CMND",
    )
