"""The service helpers every app uses: guards, unit validation, create once, unique or a field error."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction, unique_or_error, unit_errors
from phaodai.people.models import Household
from phaodai.people.tests.factories import make_household

pytestmark = pytest.mark.django_db


def test_require_and_require_in_jurisdiction(commune_leader, community_member, units):
    require(commune_leader, Capability.MERGE_PEOPLE)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        require(community_member, Capability.MERGE_PEOPLE)
    with pytest.raises(PermissionDenied, match="ngoài địa bàn"):
        require_in_jurisdiction(commune_leader, units["Thôn Lùng Phình"].path)


@pytest.mark.parametrize(
    ("_case", "unit", "message", "code"),
    [
        ("none chosen", None, "Hãy chọn nơi cư trú.", "unit_required"),
        (
            "outside",
            "Thôn Sán Chải",
            "Thôn Sán Chải nằm ngoài địa bàn bạn phụ trách.",
            "outside_jurisdiction",
        ),
        (
            "too high",
            "Huyện Bắc Hà",
            "Hãy chọn xã, phường hoặc thôn, tổ dân phố, không chọn cấp huyện, tỉnh.",
            "unit_too_high",
        ),
    ],
)
def test_unit_errors(district_leader, units, _case, unit, message, code):
    errors = unit_errors(district_leader, units.get(unit), what="nơi cư trú", min_level=3)

    assert [(e.message, e.code) for e in errors] == [(message, code)]


def test_unit_errors_accept_a_village_inside(district_leader, units):
    assert unit_errors(district_leader, units["Thôn Lùng Phình"], what="nơi cư trú", min_level=3) == []


def test_create_once_returns_the_stored_record_for_a_uuid_sent_again(commune_leader, units):
    sent = uuid.uuid4()
    first, created = create_once(
        Household,
        actor=commune_leader,
        uuid=sent,
        create=lambda: make_household(unit=units["Thôn Bản Phố 1"], uuid=sent),
    )

    again, created_again = create_once(
        Household, actor=commune_leader, uuid=sent, create=lambda: pytest.fail("created twice")
    )

    assert (created, created_again, again.pk) == (True, False, first.pk)


def test_create_once_after_a_lost_race_answers_the_winner(commune_leader, units):
    sent = uuid.uuid4()
    winner = make_household(unit=units["Thôn Bản Phố 1"], uuid=sent)

    def lost_race() -> Household:
        raise IntegrityError("UNIQUE constraint failed: people_household.uuid")

    # The first look finds nothing (the other copy was not committed yet), the insert fails.
    calls = []

    def looks(model, actor, value):
        calls.append(value)
        return None if len(calls) == 1 else winner

    import phaodai.core.services as services

    original = services.existing_by_uuid
    services.existing_by_uuid = looks
    try:
        found, created = create_once(Household, actor=commune_leader, uuid=sent, create=lost_race)
    finally:
        services.existing_by_uuid = original

    assert (found, created, len(calls)) == (winner, False, 2)


def test_a_uuid_used_in_another_commune_is_refused_saying_nothing_of_it(commune_leader, units):
    sent = uuid.uuid4()
    make_household(unit=units["Thôn Lùng Phình"], uuid=sent, code="LP-SECRET")

    with pytest.raises(ValidationError) as caught:
        create_once(Household, actor=commune_leader, uuid=sent, create=lambda: pytest.fail("created"))

    assert caught.value.message_dict == {"uuid": ["Mã bản ghi này đã được dùng cho một hồ sơ khác."]}


def test_unique_or_error_turns_a_refused_write_into_the_field_error():
    error = ValidationError({"code": ["Mã hộ BP1-001 đã có ở Thôn Bản Phố 1."]})

    def write():
        raise IntegrityError("UNIQUE constraint failed")

    with pytest.raises(ValidationError) as caught:
        unique_or_error(write, taken=lambda: True, error=error)
    assert caught.value is error

    with pytest.raises(IntegrityError):
        unique_or_error(write, taken=lambda: False, error=error)  # another rule: not ours to explain


def test_the_database_refuses_a_second_household_code_in_a_village(units):
    make_household(unit=units["Thôn Bản Phố 1"], code="BP1-001")
    make_household(unit=units["Thôn Bản Phố 1"], code="")
    make_household(unit=units["Thôn Bản Phố 1"], code="")  # many households have no code yet
    make_household(unit=units["Thôn Bản Phố 2"], code="BP1-001")  # another village may use it

    with pytest.raises(IntegrityError):
        Household.objects.create(unit=units["Thôn Bản Phố 1"], code="BP1-001")
