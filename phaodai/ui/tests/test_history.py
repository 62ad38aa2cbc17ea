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


def test_a_many_to_many_change_names_each_row_the_reader_may_see(units, commune_leader):
    """An announcement's units (ids lists in its audit rows) read as names, not a crash."""
    from phaodai.announcements.models import Announcement
    from phaodai.announcements.tests.factories import make_announcement

    announcement = make_announcement(unit=units["Xã Bản Phố"], written_by=commune_leader)
    one, two, away = units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk, units["Thôn Lùng Phình"].pk
    event = AuditEvent.objects.create(
        action=AuditAction.UPDATED,
        target_type="announcements.announcement",
        target_id=announcement.pk,
        area_path=announcement.area_path,
        changes={"targets": [[one], [one, two, away]]},
    )
    lines = history_entries(events=[event], model=Announcement, user=commune_leader)[0].changes
    assert [(line.label, line.before, line.after) for line in lines] == [
        ("Phát tới", "Thôn Bản Phố 1", f"Thôn Bản Phố 1; Thôn Bản Phố 2; #{away}")
    ]


def test_labels_come_from_the_fields_own_verbose_names():
    assert (field_label(Person, "merged_into"), field_label(Person, "national_id")) == (
        "Được gộp vào hồ sơ",
        "Số CCCD/CMND",
    )


def test_a_merge_summary_names_the_other_record_only_for_a_reader_who_may_see_it(
    units, commune_leader, district_leader
):
    """Issue 7: history said "#100063"; the other record is named, but never across the jurisdiction."""
    from phaodai.people.services import person_merge

    survivor = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng Seo Páo", birth_year=1961)
    duplicate = make_person(
        residence_unit=units["Thôn Lùng Phình"], full_name="Giàng Seo Pao", birth_year=1961
    )
    person_merge(actor=district_leader, survivor=survivor, duplicate=duplicate)
    merged = AuditEvent.objects.get(event="people.person_merged")
    merged_into = AuditEvent.objects.get(event="people.person_merged_into")

    def summaries(user, event):
        return [entry.summary for entry in history_entries(events=[event], model=Person, user=user)]

    assert summaries(district_leader, merged) == ["Gộp hồ sơ trùng Giàng Seo Pao vào hồ sơ này"]
    assert summaries(district_leader, merged_into) == ["Hồ sơ được gộp vào hồ sơ Giàng Seo Páo"]
    # the commune leader sees the survivor, not the duplicate from the other commune
    assert summaries(commune_leader, merged) == [f"Gộp hồ sơ trùng #{duplicate.pk} vào hồ sơ này"]
    # without a reader (the API's summary) the number stays
    assert merged.description == f"Gộp hồ sơ trùng #{duplicate.pk} vào hồ sơ này"


def test_the_person_page_history_shows_the_duplicates_name(world):
    from phaodai.people.services import person_merge

    own, twin = world.people["own"], world.people["own_twin"]
    person_merge(actor=world.users["own_commune"], survivor=own, duplicate=twin)

    body = world.client_for("own_commune").get(f"/nhan-khau/{own.pk}/").content.decode()

    assert "Gộp hồ sơ trùng Giàng Seo Pao vào hồ sơ này" in body
    assert f"#{twin.pk}" not in body
