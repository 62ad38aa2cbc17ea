import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from phaodai.people.enums import ChronicCondition, DuplicateStatus, Ethnicity, ResidenceStatus, Sex
from phaodai.people.models import DuplicateCandidate, Household, Person
from phaodai.people.services import person_create, person_update
from phaodai.people.tests.factories import make_household, make_person


def audit_of(obj):
    return list(
        AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=obj.pk)
        .order_by("pk")
        .values_list("action", "changes")
    )


def test_person_create_sets_derived_fields_and_audits_the_values(commune_leader, units):
    village = units["Thôn Bản Phố 1"]

    person, created = person_create(
        actor=commune_leader,
        full_name="  nguyễn   văn AN ",
        sex=Sex.MALE,
        birth_date=dt.date(1980, 3, 15),
        national_id="010 080 000 001",
        phone="+84 912 345 678",
        residence_unit=village,
        chronic_conditions=[ChronicCondition.DIABETES],
    )

    assert created is True
    person.refresh_from_db()
    assert (person.full_name, person.name_key, person.name_tail_key, person.given_name_key) == (
        "Nguyễn Văn An",
        "nguyen van an",
        "van an",
        "an",
    )
    assert (person.birth_year, person.national_id, person.phone) == (1980, "010080000001", "0912345678")
    assert (person.area_path, person.is_high_risk, person.created_by) == (village.path, True, commune_leader)
    assert AuditEvent.objects.get(target_id=person.pk).area_path == village.path
    assert audit_of(person) == [
        (
            AuditAction.CREATED,
            {
                "full_name": [None, "Nguyễn Văn An"],
                "sex": [None, "M"],
                "birth_year": [None, 1980],
                "birth_date": [None, "1980-03-15"],
                "national_id": [None, "010080000001"],
                "phone": [None, "0912345678"],
                "ethnicity": [None, "01"],
                "residence_unit": [None, village.pk],
                "residence_status": [None, "permanent"],
                "chronic_conditions": [None, ["diabetes"]],
            },
        )
    ]


def test_person_create_with_the_same_uuid_again_returns_the_stored_record(commune_leader, units):
    record = uuid.UUID("6f1c1d7e-8a4b-4c39-9e0e-2f5a1b7c3d10")
    first, first_created = person_create(
        actor=commune_leader,
        uuid=record,
        full_name="Lò Thị Mai",
        sex=Sex.FEMALE,
        birth_year=1990,
        residence_unit=units["Thôn Bản Phố 2"],
    )

    # the phone re-sends the same record (with a changed name, even): nothing is written
    again, again_created = person_create(
        actor=commune_leader,
        uuid=record,
        full_name="Lò Thị Mây",
        sex=Sex.FEMALE,
        birth_year=1990,
        residence_unit=units["Thôn Bản Phố 2"],
    )

    assert (first_created, again_created) == (True, False)
    assert again.pk == first.pk
    assert again.full_name == "Lò Thị Mai"
    assert Person.objects.count() == 1
    assert AuditEvent.objects.count() == 1


def test_person_create_uuid_of_a_record_outside_the_jurisdiction_is_refused(
    commune_leader, other_commune_leader, units
):
    record = uuid.UUID("0b7e3a59-61c2-4f0e-9a11-7d2c4e8f9a01")
    person_create(
        actor=other_commune_leader,
        uuid=record,
        full_name="Lò Thị Mai",
        sex=Sex.FEMALE,
        birth_year=1990,
        residence_unit=units["Thôn Lùng Phình"],
    )

    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=commune_leader,
            uuid=record,
            full_name="Lò Thị Mai",
            sex=Sex.FEMALE,
            birth_year=1990,
            residence_unit=units["Thôn Bản Phố 1"],
        )

    assert caught.value.message_dict == {"uuid": ["Mã bản ghi này đã được dùng cho một hồ sơ khác."]}
    assert Person.objects.count() == 1


def test_person_create_in_a_unit_outside_the_jurisdiction_is_rejected(commune_leader, units):
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=commune_leader,
            full_name="Sùng A Páo",
            sex=Sex.MALE,
            birth_year=1975,
            residence_unit=units["Thôn Lùng Phình"],
        )

    assert caught.value.message_dict == {
        "residence_unit": ["Thôn Lùng Phình nằm ngoài địa bàn bạn phụ trách."]
    }
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_person_create_at_district_level_is_rejected(district_leader, units):
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=district_leader,
            full_name="Sùng A Páo",
            sex=Sex.MALE,
            birth_year=1975,
            residence_unit=units["Huyện Bắc Hà"],
        )

    assert caught.value.message_dict == {
        "residence_unit": ["Hãy chọn xã, phường hoặc thôn, tổ dân phố, không chọn cấp huyện, tỉnh."]
    }
    assert Person.objects.count() == 0


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CHECKPOINT_OFFICER])
def test_person_create_without_the_edit_capability_is_refused(role, units):
    viewer = make_user(role=role, home_unit=units["Xã Bản Phố"])

    with pytest.raises(PermissionDenied):
        person_create(
            actor=viewer,
            full_name="Sùng A Páo",
            sex=Sex.MALE,
            birth_year=1975,
            residence_unit=units["Thôn Bản Phố 1"],
        )

    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_person_create_reports_every_bad_field_at_once(commune_leader, units):
    other_household = make_household(unit=units["Thôn Bản Phố 2"], code="BP2-009")

    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=commune_leader,
            full_name="Giàng A Sử",
            sex=Sex.MALE,
            birth_year=2030,
            national_id="12345",
            phone="0612345678",
            residence_unit=units["Thôn Bản Phố 1"],
            household=other_household,
            residence_status=ResidenceStatus.AWAY,
            chronic_conditions=["hypertension", "flu"],
            is_pregnant=True,
        )

    assert caught.value.message_dict == {
        "national_id": ["Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số."],
        "phone": [
            "Số điện thoại không hợp lệ: 0612345678 (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02)."
        ],
        "birth_year": [f"Năm sinh phải từ 1900 đến {timezone.localdate().year}."],
        "household": ["Hộ BP2-009 thuộc Thôn Bản Phố 2, khác nơi cư trú đã chọn."],
        "away_location": ["Cần ghi nơi đang ở, làm việc hoặc học tập khi nhân khẩu đang ở nơi khác."],
        "chronic_conditions": ["Bệnh nền không có trong danh mục: flu."],
        "is_pregnant": ["Nam giới không thể đang mang thai."],
    }
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("_case", "sex", "birth_year", "message"),
    [
        ("year differs", Sex.MALE, 1981, "Số CCCD cho biết năm sinh 1980, khác với năm sinh đã nhập (1981)."),
        ("sex differs", Sex.FEMALE, 1980, "Số CCCD cho biết giới tính Nam, khác với giới tính đã nhập."),
    ],
)
def test_person_create_checks_the_cccd_against_birth_year_and_sex(
    _case, sex, birth_year, message, commune_leader, units
):
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=commune_leader,
            full_name="Hoàng Văn Nam",
            sex=sex,
            birth_year=birth_year,
            national_id="010080000001",
            residence_unit=units["Thôn Bản Phố 1"],
        )

    assert caught.value.message_dict == {"national_id": [message]}
    assert Person.objects.count() == 0


def test_person_create_records_a_likely_duplicate(commune_leader, units):
    earlier = make_person(
        residence_unit=units["Thôn Bản Phố 2"], full_name="Nguyen Van An", birth_date=dt.date(1980, 3, 15)
    )

    person, _ = person_create(
        actor=commune_leader,
        full_name="Nguyễn Văn An",
        sex=Sex.MALE,
        birth_date=dt.date(1980, 3, 15),
        residence_unit=units["Thôn Bản Phố 1"],
        ethnicity=Ethnicity.TAY,
    )

    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first, candidate.second, candidate.status) == (earlier, person, DuplicateStatus.OPEN)
    assert candidate.score == 0.85
    assert candidate.area_path == units["Xã Bản Phố"].path
    assert candidate.reasons == ["Họ tên giống hệt nhau khi bỏ dấu.", "Cùng ngày sinh.", "Cùng xã, phường."]


def test_person_update_audits_before_and_after_and_keeps_keys_in_sync(commune_leader, units):
    person, _ = person_create(
        actor=commune_leader,
        full_name="Nguyễn Văn An",
        sex=Sex.MALE,
        birth_year=1980,
        phone="0912345678",
        residence_unit=units["Thôn Bản Phố 1"],
    )

    updated = person_update(
        actor=commune_leader,
        person=person,
        full_name="Nguyễn Văn Ân",
        phone="0987 654 321",
        residence_unit=units["Thôn Bản Phố 2"],
    )

    updated.refresh_from_db()
    assert (updated.name_key, updated.phone, updated.area_path) == (
        "nguyen van an",
        "0987654321",
        units["Thôn Bản Phố 2"].path,
    )
    assert audit_of(person)[1] == (
        AuditAction.UPDATED,
        {
            "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"],
            "phone": ["0912345678", "0987654321"],
            "residence_unit": [units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk],
        },
    )


def test_person_update_with_nothing_changed_writes_nothing(commune_leader, units):
    person, _ = person_create(
        actor=commune_leader,
        full_name="Nguyễn Văn An",
        sex=Sex.MALE,
        birth_year=1980,
        residence_unit=units["Thôn Bản Phố 1"],
    )

    person_update(actor=commune_leader, person=person, full_name="nguyễn văn an", birth_year=1980)

    assert [action for action, _ in audit_of(person)] == [AuditAction.CREATED]


def test_person_update_birth_date_alone_moves_the_birth_year(commune_leader, units):
    person, _ = person_create(
        actor=commune_leader,
        full_name="Nguyễn Văn An",
        sex=Sex.MALE,
        birth_date=dt.date(1980, 3, 15),
        residence_unit=units["Thôn Bản Phố 1"],
    )

    person_update(actor=commune_leader, person=person, birth_date=dt.date(1982, 1, 2))

    person.refresh_from_db()
    assert (person.birth_year, person.birth_date) == (1982, dt.date(1982, 1, 2))
    assert audit_of(person)[1][1] == {"birth_year": [1980, 1982], "birth_date": ["1980-03-15", "1982-01-02"]}


def test_person_update_outside_the_jurisdiction_changes_nothing(commune_leader, other_commune_leader, units):
    person, _ = person_create(
        actor=other_commune_leader,
        full_name="Vàng Thị Dợ",
        sex=Sex.FEMALE,
        birth_year=1999,
        residence_unit=units["Thôn Lùng Phình"],
    )

    with pytest.raises(PermissionDenied):
        person_update(actor=commune_leader, person=person, full_name="Vàng Thị Dở")

    person.refresh_from_db()
    assert person.full_name == "Vàng Thị Dợ"
    assert len(audit_of(person)) == 1


def test_person_update_moving_to_a_unit_outside_the_jurisdiction_is_rejected(commune_leader, units):
    person, _ = person_create(
        actor=commune_leader,
        full_name="Vàng Thị Dợ",
        sex=Sex.FEMALE,
        birth_year=1999,
        residence_unit=units["Thôn Bản Phố 1"],
    )

    with pytest.raises(ValidationError) as caught:
        person_update(actor=commune_leader, person=person, residence_unit=units["Thôn Sán Chải"])

    assert caught.value.message_dict == {"residence_unit": ["Thôn Sán Chải nằm ngoài địa bàn bạn phụ trách."]}
    person.refresh_from_db()
    assert person.residence_unit == units["Thôn Bản Phố 1"]
    assert len(audit_of(person)) == 1


def test_person_update_of_a_merged_record_is_refused(commune_leader, units):
    survivor = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Lò Văn Sáng")
    merged = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Lo Van Sang", merged_into=survivor
    )

    with pytest.raises(ValidationError) as caught:
        person_update(actor=commune_leader, person=merged, phone="0912345678")

    assert caught.value.messages == ["Hồ sơ này đã được gộp vào hồ sơ khác; hãy sửa hồ sơ được giữ lại."]
    merged.refresh_from_db()
    assert merged.phone == ""
    assert AuditEvent.objects.count() == 0


def test_person_update_rejects_unknown_fields(commune_leader, units):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"])

    with pytest.raises(TypeError, match="unexpected fields: area_path"):
        person_update(actor=commune_leader, person=person, area_path="x")


def test_head_leaving_the_household_is_no_longer_its_head(commune_leader, units):
    household = make_household(unit=units["Thôn Bản Phố 1"], code="BP1-002")
    head = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Thào A Chu", household=household)
    household.head = head
    household.save(update_fields=["head"])

    person_update(actor=commune_leader, person=head, household=None)

    household = Household.objects.get(
        pk=household.pk
    )  # read again (the type checker forgets the head set above)
    assert household.head is None
    assert audit_of(household) == [(AuditAction.UPDATED, {"head": [head.pk, None]})]
    assert Household.objects.count() == 1
