import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.people.models import Household, LiaisonGroup
from phaodai.people.services import (
    household_create,
    household_update,
    liaison_group_create,
    liaison_group_update,
)
from phaodai.people.tests.factories import make_household, make_liaison_group, make_person


def audit_of(obj):
    return list(
        AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=obj.pk)
        .order_by("pk")
        .values_list("action", "changes")
    )


def test_household_create_makes_the_head_a_member_and_audits_both(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    head = make_person(residence_unit=village, full_name="Thào A Chu")
    group = make_liaison_group(unit=village, name="Tổ liên gia số 1")

    household, created = household_create(
        actor=commune_leader,
        unit=village,
        code=" bp1-003 ",
        address="Nhà  số 3",
        liaison_group=group,
        head=head,
    )

    assert created is True
    head.refresh_from_db()
    assert (household.code, household.address, household.area_path, head.household) == (
        "BP1-003",
        "Nhà số 3",
        village.path,
        household,
    )
    assert audit_of(household) == [
        (
            AuditAction.CREATED,
            {
                "code": [None, "BP1-003"],
                "unit": [None, village.pk],
                "address": [None, "Nhà số 3"],
                "liaison_group": [None, group.pk],
                "head": [None, head.pk],
            },
        )
    ]
    assert audit_of(head) == [(AuditAction.UPDATED, {"household": [None, household.pk]})]


def test_household_create_is_idempotent_on_uuid(commune_leader, units):
    record = uuid.UUID("3e4a1c55-0d6f-4b4e-8a6c-5b9e2f7d1a22")

    first, _ = household_create(
        actor=commune_leader, uuid=record, unit=units["Thôn Bản Phố 2"], code="BP2-001"
    )
    again, created = household_create(
        actor=commune_leader, uuid=record, unit=units["Thôn Bản Phố 2"], code="BP2-001"
    )

    assert (again.pk, created) == (first.pk, False)
    assert Household.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_household_create_rejections_write_nothing(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    make_household(unit=village, code="BP1-001")
    other_group = make_liaison_group(unit=units["Thôn Bản Phố 2"], name="Tổ liên gia số 2")
    in_a_household = make_person(residence_unit=village, household=Household.objects.get())
    before = Household.objects.count()

    with pytest.raises(ValidationError) as caught:
        household_create(
            actor=commune_leader, unit=village, code="bp1-001", liaison_group=other_group, head=in_a_household
        )
    with pytest.raises(ValidationError) as outside:
        household_create(actor=commune_leader, unit=units["Thôn Lùng Phình"], code="LP-001")

    assert caught.value.message_dict == {
        "code": ["Mã hộ BP1-001 đã có ở Thôn Bản Phố 1."],
        "liaison_group": ["Tổ liên gia Tổ liên gia số 2 thuộc địa bàn khác."],
        "head": [f"{in_a_household.full_name} đang thuộc một hộ khác."],
    }
    assert outside.value.message_dict == {"unit": ["Thôn Lùng Phình nằm ngoài địa bàn bạn phụ trách."]}
    assert Household.objects.count() == before
    assert AuditEvent.objects.count() == 0


def test_household_update_head_must_be_a_member(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    household = make_household(unit=village, code="BP1-004", address="Nhà số 4")
    member = make_person(residence_unit=village, household=household)
    stranger = make_person(residence_unit=village)

    with pytest.raises(ValidationError) as caught:
        household_update(actor=commune_leader, household=household, head=stranger)
    assert caught.value.message_dict == {"head": ["Chủ hộ phải là thành viên của hộ."]}
    assert AuditEvent.objects.count() == 0

    household_update(actor=commune_leader, household=household, head=member, address="Nhà số 4, cạnh trường")

    household.refresh_from_db()
    assert household.head == member
    assert audit_of(household) == [
        (AuditAction.UPDATED, {"address": ["Nhà số 4", "Nhà số 4, cạnh trường"], "head": [None, member.pk]})
    ]


def test_household_update_outside_the_jurisdiction_is_refused(commune_leader, units):
    household = make_household(unit=units["Thôn Lùng Phình"], code="LP-002")

    with pytest.raises(PermissionDenied):
        household_update(actor=commune_leader, household=household, address="Đã đổi")

    household.refresh_from_db()
    assert household.address != "Đã đổi"
    assert AuditEvent.objects.count() == 0


def test_liaison_group_create_and_update(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    leader = make_person(residence_unit=village, full_name="Vàng Seo Chứ")

    group = liaison_group_create(
        actor=commune_leader, unit=village, name="  Tổ liên gia  số 5 ", leader=leader
    )
    liaison_group_update(actor=commune_leader, group=group, name="Tổ liên gia số 5A")

    group.refresh_from_db()
    assert (group.name, group.leader, group.area_path) == ("Tổ liên gia số 5A", leader, village.path)
    assert audit_of(group) == [
        (
            AuditAction.CREATED,
            {"name": [None, "Tổ liên gia số 5"], "unit": [None, village.pk], "leader": [None, leader.pk]},
        ),
        (AuditAction.UPDATED, {"name": ["Tổ liên gia số 5", "Tổ liên gia số 5A"]}),
    ]


def test_liaison_group_create_rejections_write_nothing(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    make_liaison_group(unit=village, name="Tổ liên gia số 6")
    far_leader = make_person(residence_unit=units["Thôn Bản Phố 2"])

    with pytest.raises(ValidationError) as caught:
        liaison_group_create(actor=commune_leader, unit=village, name="to lien gia so 6", leader=far_leader)

    assert caught.value.message_dict == {
        "name": ["Tổ liên gia “to lien gia so 6” đã có ở Thôn Bản Phố 1."],
        "leader": ["Tổ trưởng phải cư trú tại Thôn Bản Phố 1."],
    }
    assert LiaisonGroup.objects.count() == 1
    assert AuditEvent.objects.count() == 0
