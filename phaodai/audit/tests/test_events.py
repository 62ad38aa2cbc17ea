"""Event types declared by the apps; rows read in the reader's language, with their reason."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type, get_event_type, registered_event_types
from phaodai.audit.models import AuditEvent
from phaodai.audit.services import audit_record, audited_update
from phaodai.people.events import PEOPLE_EXPORTED, PERSON_MERGED, PERSON_UPDATED
from phaodai.people.services import person_update
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_every_installed_app_declares_its_event_types():
    codes = {event.code for event in registered_event_types()}

    assert {"people.person_created", "people.person_merged", "accounts.api_token_created"} <= codes
    assert {"areas.population_recorded", "demo.seeded"} <= codes
    installed = {config.label for config in apps.get_app_configs()}
    assert all(code.split(".")[0] in installed for code in codes)


def test_a_code_is_declared_once_and_named_after_its_app():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        event_type("people.person_created", action=AuditAction.DELETED, label="Khác")
    with pytest.raises(ImproperlyConfigured, match=r"<app label>\.<event>"):
        event_type("no_app", action=AuditAction.CREATED, label="x")
    declared = get_event_type("people.person_created")
    assert declared is not None
    assert declared.label == "Thêm nhân khẩu"


def test_a_row_reads_in_the_language_of_its_reader(commune_leader, units):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử")
    with translation.override("en"):  # written by an officer who had switched to English
        person_update(actor=commune_leader, person=person, notes="Đã chuyển đi")
    event = AuditEvent.objects.get()

    with translation.override("vi"):
        in_vietnamese = event.description
    with translation.override("en"):
        in_english = event.description

    assert (event.event, event.summary, in_vietnamese, in_english) == (
        "people.person_updated",
        "",
        "Sửa thông tin nhân khẩu",
        "Edited resident",
    )


def test_a_summary_takes_its_parameters_when_read(units):
    merged = audit_record(
        actor=None, event=PERSON_MERGED, target=units["Xã Bản Phố"], area_path="", params={"pk": 42}
    )
    exported = audit_record(
        actor=None,
        event=PEOPLE_EXPORTED,
        target=None,
        target_type="people.person",
        area_path="",
        params={"n": 7},
    )

    assert (merged.description, exported.description) == (
        "Gộp hồ sơ trùng #42 vào hồ sơ này",
        "Xuất danh sách 7 nhân khẩu",
    )


def test_an_event_has_a_reason_and_rows_from_before_event_types_keep_their_text(units):
    event = audit_record(
        actor=None,
        event=PEOPLE_EXPORTED,
        target=None,
        target_type="people.person",
        area_path="",
        params={"n": 1},
        reason="  Báo cáo Trung tâm Y tế huyện  ",
    )
    old = AuditEvent.objects.create(
        action=AuditAction.UPDATED, target_type="people.person", area_path="", summary="Sửa cũ"
    )

    assert event.reason == "Báo cáo Trung tâm Y tế huyện"
    assert (old.event, old.description, old.event_label) == ("", "Sửa cũ", "Sửa")


def test_an_update_that_changes_nothing_writes_nothing(units):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử", notes="x")

    changes = audited_update(
        person,
        actor=None,
        event=PERSON_UPDATED,
        fields=("notes",),
        values={"notes": "x"},
    )

    assert changes == {}
    assert not AuditEvent.objects.exists()
