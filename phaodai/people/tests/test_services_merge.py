import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.people.enums import ChronicCondition, DuplicateStatus, Sex
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person
from phaodai.people.services import duplicate_dismiss, person_merge
from phaodai.people.services.merge import _references_to_person
from phaodai.people.tests.factories import make_household, make_liaison_group, make_person


def candidate(first, second, *, score=0.85, status=DuplicateStatus.OPEN):
    a, b = sorted([first, second], key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(
        first=a, second=b, area_path=a.area_path, score=score, reasons=["Cùng ngày sinh."], status=status
    )


@pytest.fixture
def pair(units):
    """The same man registered twice in Bản Phố: once with a phone, once as household head."""
    village = units["Thôn Bản Phố 1"]
    survivor = make_person(
        residence_unit=village,
        full_name="Nguyễn Văn An",
        birth_year=1980,
        phone="0912345678",
        chronic_conditions=[ChronicCondition.DIABETES],
    )
    household = make_household(unit=village, code="BP1-010")
    duplicate = make_person(
        residence_unit=village,
        full_name="Nguyen Van An",
        birth_date=dt.date(1980, 3, 15),
        national_id="010080000001",
        phone="0987654321",
        household=household,
        chronic_conditions=[ChronicCondition.HYPERTENSION],
    )
    household.head = duplicate
    household.save(update_fields=["head"])
    return survivor, duplicate, household


def test_merge_moves_linked_rows_fills_empty_fields_and_keeps_the_duplicate(commune_leader, units, pair):
    survivor, duplicate, household = pair
    group = make_liaison_group(unit=units["Thôn Bản Phố 1"], leader=duplicate)
    merged_pair = candidate(survivor, duplicate)
    third = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn Ăn", birth_year=1980)
    carried = candidate(duplicate, third, score=0.62)

    result = person_merge(actor=commune_leader, survivor=survivor, duplicate=duplicate)

    # linked rows now point at the survivor
    household.refresh_from_db()
    group.refresh_from_db()
    assert household.head == result == survivor
    assert group.leader == survivor
    # the survivor's empty fields are filled; its own phone stays; conditions are joined
    survivor.refresh_from_db()
    assert (survivor.birth_date, survivor.national_id, survivor.phone, survivor.household) == (
        dt.date(1980, 3, 15),
        "010080000001",
        "0912345678",
        household,
    )
    assert survivor.chronic_conditions == ["diabetes", "hypertension"]
    # the duplicate stays, pointing at the survivor
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert (duplicate.full_name, duplicate.phone) == ("Nguyen Van An", "0987654321")
    assert Person.objects.count() == 3
    # the merged pair is closed; the duplicate's other open pair moved to the survivor
    merged_pair.refresh_from_db()
    carried.refresh_from_db()
    assert (merged_pair.status, merged_pair.resolved_by) == (DuplicateStatus.MERGED, commune_leader)
    assert (carried.first, carried.second, carried.status) == (survivor, third, DuplicateStatus.OPEN)


def test_merge_writes_an_audit_row_on_both_records(commune_leader, pair):
    survivor, duplicate, household = pair

    person_merge(actor=commune_leader, survivor=survivor, duplicate=duplicate)

    on_survivor = AuditEvent.objects.get(target_type="people.person", target_id=survivor.pk)
    on_duplicate = AuditEvent.objects.get(target_type="people.person", target_id=duplicate.pk)
    assert on_survivor.action == AuditAction.MERGED
    assert on_survivor.changes == {
        "duplicate_id": duplicate.pk,
        "fields": {
            "birth_date": [None, "1980-03-15"],
            "national_id": ["", "010080000001"],
            "household": [None, household.pk],
            "chronic_conditions": [["diabetes"], ["diabetes", "hypertension"]],
        },
        "moved": {"people.household.head": 1},
        "kept_on_duplicate": {},
        "candidates_closed": 0,
    }
    assert (on_duplicate.action, on_duplicate.changes) == (
        AuditAction.MERGED_INTO,
        {"merged_into": [None, survivor.pk]},
    )
    assert on_survivor.actor == on_duplicate.actor == commune_leader


def test_merge_field_choices_take_the_duplicates_value(commune_leader, pair):
    survivor, duplicate, _household = pair

    person_merge(
        actor=commune_leader, survivor=survivor, duplicate=duplicate, field_choices={"phone": "duplicate"}
    )

    survivor.refresh_from_db()
    assert survivor.phone == "0987654321"


def test_merge_field_choices_must_name_fields_and_sides(commune_leader, pair):
    survivor, duplicate, _household = pair

    with pytest.raises(ValidationError) as caught:
        person_merge(
            actor=commune_leader,
            survivor=survivor,
            duplicate=duplicate,
            field_choices={"phone": "both", "area_path": "duplicate"},
        )

    assert caught.value.message_dict == {"field_choices": ["Lựa chọn không hợp lệ cho: area_path, phone."]}
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def assert_nothing_changed(survivor, duplicate, household):
    survivor_before = Person.objects.values().get(pk=survivor.pk)
    duplicate_before = Person.objects.values().get(pk=duplicate.pk)
    return lambda: (
        Person.objects.values().get(pk=survivor.pk) == survivor_before
        and Person.objects.values().get(pk=duplicate.pk) == duplicate_before
        and Household.objects.get(pk=household.pk).head_id == duplicate.pk
        and not AuditEvent.objects.exists()
    )


def test_merge_refuses_to_merge_a_record_into_itself(commune_leader, pair):
    survivor, duplicate, household = pair
    unchanged = assert_nothing_changed(survivor, duplicate, household)

    with pytest.raises(ValidationError) as caught:
        person_merge(actor=commune_leader, survivor=survivor, duplicate=survivor)

    assert caught.value.messages == ["Không thể gộp một hồ sơ vào chính nó."]
    assert unchanged()


def test_merge_with_a_record_outside_the_jurisdiction_is_refused(commune_leader, units, pair):
    survivor, duplicate, household = pair
    elsewhere = make_person(
        residence_unit=units["Thôn Lùng Phình"], full_name="Nguyễn Văn An", birth_year=1980
    )
    unchanged = assert_nothing_changed(survivor, duplicate, household)

    with pytest.raises(PermissionDenied):
        person_merge(actor=commune_leader, survivor=survivor, duplicate=elsewhere)
    with pytest.raises(PermissionDenied):
        person_merge(actor=commune_leader, survivor=elsewhere, duplicate=duplicate)

    elsewhere.refresh_from_db()
    assert elsewhere.merged_into is None
    assert unchanged()


def test_merge_without_the_merge_capability_is_refused(community_member, pair):
    survivor, duplicate, household = pair
    unchanged = assert_nothing_changed(survivor, duplicate, household)

    with pytest.raises(PermissionDenied):
        person_merge(actor=community_member, survivor=survivor, duplicate=duplicate)

    assert unchanged()


def test_merge_refuses_already_merged_records_and_chains(commune_leader, units, pair):
    survivor, duplicate, household = pair
    village = units["Thôn Bản Phố 1"]
    gone = make_person(residence_unit=village, full_name="Nguyễn V. An", merged_into=duplicate)
    other = make_person(residence_unit=village, full_name="Nguyễn Văn Ân")
    unchanged = assert_nothing_changed(survivor, duplicate, household)

    with pytest.raises(ValidationError) as already:
        person_merge(actor=commune_leader, survivor=survivor, duplicate=gone)
    with pytest.raises(ValidationError) as merged_survivor:
        person_merge(actor=commune_leader, survivor=gone, duplicate=other)
    with pytest.raises(ValidationError) as chain:
        person_merge(actor=commune_leader, survivor=survivor, duplicate=duplicate)

    assert already.value.messages == ["Hồ sơ cần gộp đã được gộp vào một hồ sơ khác trước đó."]
    assert merged_survivor.value.messages == [
        "Hồ sơ được giữ lại đã bị gộp vào hồ sơ khác; hãy chọn hồ sơ còn hiệu lực."
    ]
    assert chain.value.messages == [
        "Đã có hồ sơ khác được gộp vào hồ sơ cần gộp; hãy giữ lại hồ sơ này để không tạo chuỗi gộp."
    ]
    assert unchanged()


def test_merge_that_would_make_the_survivor_inconsistent_is_refused(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    survivor = make_person(residence_unit=village, full_name="Nguyễn Văn An", birth_year=1981)
    duplicate = make_person(residence_unit=village, full_name="Nguyễn Văn An", national_id="010080000001")

    # the duplicate's CCCD says 1980, the survivor says 1981
    with pytest.raises(ValidationError) as caught:
        person_merge(actor=commune_leader, survivor=survivor, duplicate=duplicate)

    assert caught.value.message_dict == {
        "national_id": ["Số CCCD cho biết năm sinh 1980, khác với năm sinh đã nhập (1981)."]
    }
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert AuditEvent.objects.count() == 0


def test_references_are_discovered_from_the_models_including_hidden_ones():
    labels = {f"{f.model._meta.label_lower}.{f.name}" for f in _references_to_person()}

    # Household.head and LiaisonGroup.leader use related_name="+" and are still found;
    # Person.merged_into and the candidate pairs are handled by the merge itself.
    assert {"people.household.head", "people.liaisongroup.leader"} <= labels
    assert not labels & {"people.person.merged_into", "people.duplicatecandidate.first"}
    assert Household._meta.get_field("head").remote_field.model is Person
    assert LiaisonGroup._meta.get_field("leader").remote_field.model is Person


def test_dismiss_closes_the_pair_with_an_audit_row(commune_leader, pair):
    survivor, duplicate, _household = pair
    pending = candidate(survivor, duplicate)

    duplicate_dismiss(actor=commune_leader, candidate=pending)

    pending.refresh_from_db()
    assert (pending.status, pending.resolved_by) == (DuplicateStatus.DISMISSED, commune_leader)
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.target_id, event.changes) == (
        AuditAction.UPDATED,
        "people.duplicatecandidate",
        pending.pk,
        {"status": ["open", "dismissed"]},
    )


def test_dismiss_twice_or_outside_the_jurisdiction_is_refused(commune_leader, other_commune_leader, pair):
    survivor, duplicate, _household = pair
    done = candidate(survivor, duplicate, status=DuplicateStatus.DISMISSED)

    with pytest.raises(ValidationError) as caught:
        duplicate_dismiss(actor=commune_leader, candidate=done)
    assert caught.value.messages == ["Cặp hồ sơ này đã được xử lý."]

    done.status = DuplicateStatus.OPEN
    done.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        duplicate_dismiss(actor=other_commune_leader, candidate=done)

    done.refresh_from_db()
    assert done.status == DuplicateStatus.OPEN
    assert AuditEvent.objects.count() == 0


def test_merge_of_a_pregnant_duplicate_keeps_the_survivors_sex_rule(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    survivor = make_person(residence_unit=village, full_name="Lò Thị Mai", sex=Sex.FEMALE, birth_year=1995)
    duplicate = make_person(
        residence_unit=village, full_name="Lo Thi Mai", sex=Sex.FEMALE, birth_year=1995, is_pregnant=True
    )

    person_merge(
        actor=commune_leader,
        survivor=survivor,
        duplicate=duplicate,
        field_choices={"is_pregnant": "duplicate"},
    )

    survivor.refresh_from_db()
    assert (survivor.is_pregnant, survivor.is_high_risk) == (True, True)
