"""A CCCD/CMND belongs to one person: one record in use per number, in the service, the database,
the API and the pages; existing shared numbers are released by migration 0005 (issue 7, point 1)."""

from __future__ import annotations

import datetime as dt
import uuid
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import token_client
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.people.enums import DuplicateStatus, Sex
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.models import DuplicateCandidate, Person
from phaodai.people.services import person_create, person_merge, person_update
from phaodai.people.services import persons as person_services
from phaodai.people.tests.factories import make_person

NUMBER = "010080000001"  # a man born 1980, registered in Lào Cai
TAKEN_HERE = (
    "Số CCCD/CMND 010080000001 đã có trong hồ sơ của Nguyễn Văn An (sinh năm 1980, Thôn Bản Phố 1). "
    "Mỗi số chỉ thuộc một người: nếu là cùng một người, hãy dùng hồ sơ đó; nếu số bị nhập nhầm, hãy sửa lại."
)
TAKEN_ELSEWHERE = (
    "Số CCCD/CMND 010080000001 đã có trong sổ nhân khẩu, ở một hồ sơ ngoài địa bàn bạn phụ trách. "
    "Mỗi số chỉ thuộc một người: hãy kiểm tra lại số; nếu số đúng, hãy báo cấp trên để xử lý."
)


def _new(actor, unit, **values):
    return person_create(
        actor=actor,
        full_name=values.pop("full_name", "Hoàng Văn Nam"),
        sex=Sex.MALE,
        birth_year=1980,
        national_id=values.pop("national_id", NUMBER),
        residence_unit=unit,
        **values,
    )


# --- the service ------------------------------------------------------------------------------


def test_a_second_record_with_the_same_cccd_is_refused_naming_the_first(commune_leader, units):
    holder = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id=NUMBER
    )
    people_before, audit_before = Person.objects.count(), AuditEvent.objects.count()

    with pytest.raises(ValidationError) as caught:
        _new(commune_leader, units["Thôn Bản Phố 2"], national_id="010 080 000 001")

    assert caught.value.message_dict == {"national_id": [TAKEN_HERE]}
    [error] = caught.value.error_dict["national_id"]
    assert (error.code, (error.params or {})["person_id"]) == (PeopleErrorCode.NATIONAL_ID_TAKEN, holder.pk)
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people_before, audit_before)


def test_a_cccd_held_outside_the_jurisdiction_is_refused_without_naming_anyone(commune_leader, units):
    make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào Văn Sử", national_id=NUMBER)

    with pytest.raises(ValidationError) as caught:
        _new(commune_leader, units["Thôn Bản Phố 1"])

    assert caught.value.message_dict == {"national_id": [TAKEN_ELSEWHERE]}
    assert "person_id" not in (caught.value.error_dict["national_id"][0].params or {})
    assert not Person.objects.filter(full_name="Hoàng Văn Nam").exists()


def test_the_confirmation_of_other_evidence_does_not_override_the_cccd(commune_leader, units):
    """The likely-duplicate override of the pages is not a service option: a number is never overridden."""
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id=NUMBER)

    with pytest.raises(ValidationError):
        _new(commune_leader, units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", notes="Không phải người này")

    assert Person.objects.filter(national_id=NUMBER).count() == 1


def test_a_number_kept_by_a_merged_away_record_is_free_for_a_record_in_use(commune_leader, units):
    survivor = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An")
    make_person(residence_unit=units["Thôn Bản Phố 1"], national_id=NUMBER, merged_into=survivor)

    person, created = _new(commune_leader, units["Thôn Bản Phố 2"])

    assert (created, person.national_id) == (True, NUMBER)


def test_update_to_a_taken_cccd_is_refused_and_keeping_ones_own_is_not(commune_leader, units):
    holder = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id=NUMBER
    )
    other = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Hoàng Văn Nam")

    with pytest.raises(ValidationError) as caught:
        person_update(actor=commune_leader, person=other, national_id=NUMBER)
    person_update(actor=commune_leader, person=holder, phone="0912345678")

    assert caught.value.message_dict == {"national_id": [TAKEN_HERE]}
    other.refresh_from_db()
    holder.refresh_from_db()
    assert (other.national_id, holder.national_id, holder.phone) == ("", NUMBER, "0912345678")


def test_a_number_saved_meanwhile_by_another_officer_is_a_field_error_not_a_500(
    commune_leader, units, monkeypatch
):
    """The check passed; before the insert another officer stored the number: the constraint answers."""
    derive = person_services.derive_person

    def meanwhile(person):
        if person.full_name == "Hoàng Văn Nam":
            make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id=NUMBER)
        derive(person)

    monkeypatch.setattr(person_services, "derive_person", meanwhile)

    with pytest.raises(ValidationError) as caught:
        _new(commune_leader, units["Thôn Bản Phố 2"])

    assert caught.value.message_dict == {"national_id": [TAKEN_HERE]}
    # (the other officer's row was written in this test's transaction, so it is undone with the refusal)
    assert not Person.objects.filter(full_name="Hoàng Văn Nam").exists()


def test_merge_hands_the_duplicates_cccd_to_the_survivor_and_the_duplicate_keeps_it(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    survivor = make_person(residence_unit=village, full_name="Nguyễn Văn An", birth_year=1980)
    duplicate = make_person(residence_unit=village, full_name="Nguyen Van An", national_id=NUMBER)

    person_merge(actor=commune_leader, survivor=survivor, duplicate=duplicate)

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert (survivor.national_id, duplicate.national_id, duplicate.merged_into_id) == (
        NUMBER,
        NUMBER,
        survivor.pk,
    )


# --- the database -----------------------------------------------------------------------------


def test_the_database_holds_one_record_in_use_per_number(units):
    village = units["Thôn Bản Phố 1"]
    first = make_person(residence_unit=village, national_id=NUMBER)
    make_person(residence_unit=village, national_id="")
    make_person(residence_unit=village, national_id="")  # many records have none
    make_person(residence_unit=village, national_id=NUMBER, merged_into=first)  # merged away: kept

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=make_person(residence_unit=village).pk).update(national_id=NUMBER)

    assert Person.objects.filter(national_id=NUMBER, merged_into__isnull=True).count() == 1


# --- the API ----------------------------------------------------------------------------------


def test_api_answers_400_with_the_field_and_its_code(commune_leader, units):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id=NUMBER)

    response = token_client(commune_leader).post(
        "/api/v1/people/",
        {
            "full_name": "Hoàng Văn Nam",
            "sex": "M",
            "birth_year": 1980,
            "national_id": NUMBER,
            "residence_unit": units["Thôn Bản Phố 2"].pk,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"national_id": [TAKEN_HERE]}
    assert response.json()["error"]["codes"] == {"national_id": ["people.national_id_taken"]}
    assert not Person.objects.filter(full_name="Hoàng Văn Nam").exists()


# --- the pages --------------------------------------------------------------------------------


def _form(world, **overrides):
    data = {
        "uuid": str(uuid.UUID(int=11)),
        "full_name": "Giàng A Dình",
        "sex": "M",
        "birth_date": "",
        "birth_year": "1961",
        "national_id": world.people["own"].national_id,
        "phone": "",
        "ethnicity": "08",
        "residence_unit": str(world.units["Thôn Bản Phố 2"].pk),
        "household": "",
        "residence_status": "permanent",
        "away_location": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_create_page_refuses_the_number_with_a_link_to_its_record_and_no_override(world):
    own = world.people["own"]
    before = Person.objects.count()

    response = world.client_for("own_commune").post("/nhan-khau/them/", _form(world))
    again = world.client_for("own_commune").post(
        "/nhan-khau/them/", {**_form(world), "confirm_duplicates": "1"}
    )

    body = response.content.decode()
    assert response.status_code == again.status_code == 200
    assert response.context["form"].errors["national_id"] == [
        "Số CCCD/CMND 010061000111 đã có trong hồ sơ của Giàng Seo Páo (sinh năm 1961, Thôn Bản Phố 1). "
        "Mỗi số chỉ thuộc một người: nếu là cùng một người, hãy dùng hồ sơ đó; nếu số bị nhập nhầm, hãy sửa lại."
    ]
    assert response.context["taken"] == own
    assert f'<a href="/nhan-khau/{own.pk}/">Giàng Seo Páo</a>' in body
    assert "Không phải người này, vẫn lưu hồ sơ mới" not in body
    # the commune leader may merge: the way to correct the number on the other record
    assert f'<a href="/nhan-khau/{own.pk}/sua/">sửa số ở hồ sơ đó</a>' in body
    assert again.context["taken"] == own
    assert Person.objects.count() == before


def test_create_page_sends_an_officer_who_may_not_merge_to_the_leader(world, units):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = world.client_for("anonymous")
    client.force_login(member)

    response = client.post("/nhan-khau/them/", _form(world, residence_unit=str(units["Thôn Bản Phố 1"].pk)))

    body = response.content.decode()
    assert response.context["taken"] == world.people["own"]
    assert "báo lãnh đạo xã (người xử lý hồ sơ trùng) để sửa" in body
    assert "sửa số ở hồ sơ đó" not in body


def test_edit_page_offers_the_leader_to_merge_the_two_records(world):
    own, twin = world.people["own"], world.people["own_twin"]
    data = {
        "full_name": twin.full_name,
        "sex": twin.sex,
        "birth_year": str(twin.birth_year),
        "birth_date": "",
        "national_id": own.national_id,
        "phone": twin.phone,
        "ethnicity": twin.ethnicity,
        "residence_unit": str(twin.residence_unit_id),
        "residence_status": twin.residence_status,
        "away_location": twin.away_location,
        "version": str(twin.version),
    }

    response = world.client_for("own_commune").post(f"/nhan-khau/{twin.pk}/sua/", data)

    twin.refresh_from_db()
    assert response.context["taken"] == own
    assert (
        f'href="/nhan-khau/gop/{own.pk}/{twin.pk}/">so sánh và gộp hai hồ sơ</a>' in response.content.decode()
    )
    assert twin.national_id == ""


def test_live_check_of_the_cccd_field_says_it_is_taken_as_the_field_is_left(world):
    own = world.people["own"]
    client = world.client_for("own_commune")
    headers = {"HX-Request": "true", "HX-Trigger-Name": "national_id", "HX-Target": "err-national_id"}

    creating = client.post("/nhan-khau/them/kiem-tra/", {"national_id": own.national_id}, headers=headers)
    editing_own = client.post(
        f"/nhan-khau/them/kiem-tra/?person={own.pk}", {"national_id": own.national_id}, headers=headers
    )

    assert "đã có trong hồ sơ của Giàng Seo Páo (sinh năm 1961, Thôn Bản Phố 1)" in creating.content.decode()
    assert editing_own.content.decode().strip().endswith('aria-live="polite"></p>')


# --- the migration of the numbers shared today ------------------------------------------------

BEFORE = [("people", "0004_area_scoped_base")]
AFTER = [("people", "0006_person_national_id_unique")]


def test_release_function_is_the_one_the_migration_runs():
    module = import_module("phaodai.people.migrations.0005_person_release_shared_national_ids")
    [operation] = module.Migration.operations
    assert operation.code is module.release_shared_national_ids


@pytest.mark.django_db(transaction=True)
def test_migration_moves_a_shared_number_of_the_later_record_to_its_notes_and_queues_the_pair(units):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        old_people = old.get_model("people", "Person")
        old_pairs = old.get_model("people", "DuplicateCandidate")
        village, other = units["Thôn Bản Phố 1"], units["Thôn Lùng Phình"]

        def person(name, unit, number, **extra):
            return old_people.objects.create(
                full_name=name,
                name_key=name.lower(),
                sex="M",
                birth_year=1980,
                national_id=number,
                residence_unit_id=unit.pk,
                area_path=unit.path,
                **extra,
            )

        first = person("Nguyễn Văn An", village, NUMBER)
        later = person("Nguyễn Văn Ân", other, NUMBER, notes="Chuyển đến từ Bắc Hà")
        third = person("Nguyen Van An", village, NUMBER)
        merged = person("Nguyễn V. An", village, "010080000009", merged_into=first)
        keeps = person("Nguyễn Văn Bình", village, "010080000009")
        old_pairs.objects.create(
            first_id=first.pk,
            second_id=third.pk,
            area_path=village.path,
            score=1.0,
            reasons=[],
            status="dismissed",
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    rows = {
        p.pk: p
        for p in Person.objects.unscoped().filter(pk__in=[first.pk, later.pk, third.pk, merged.pk, keeps.pk])
    }
    today = dt.date.today().strftime("%d/%m/%Y")  # noqa: DTZ011 - the migration writes the local date
    assert rows[first.pk].national_id == NUMBER
    assert (rows[later.pk].national_id, rows[third.pk].national_id) == ("", "")
    assert rows[later.pk].notes == (
        "Chuyển đến từ Bắc Hà\n"
        f"Số CCCD/CMND {NUMBER} (trùng với hồ sơ Nguyễn Văn An, mã số {first.pk}; "
        f"chuyển vào ghi chú ngày {today} vì mỗi số chỉ thuộc một hồ sơ)."
    )
    # a number shared only with a merged-away record is not touched
    assert (rows[merged.pk].national_id, rows[keeps.pk].national_id) == ("010080000009", "010080000009")
    pairs = {
        (c.first_id, c.second_id): (c.status, c.area_path)
        for c in DuplicateCandidate.objects.unscoped().filter(first_id=first.pk)
    }
    assert pairs == {
        (first.pk, later.pk): (DuplicateStatus.OPEN, units["Huyện Bắc Hà"].path),
        (first.pk, third.pk): (DuplicateStatus.OPEN, village.path),  # a dismissed pair is opened again
    }
    events = AuditEvent.objects.filter(event="people.national_id_released").order_by("target_id")
    assert [(e.target_id, e.actor_id, e.changes["national_id"], e.params) for e in events] == [
        (later.pk, None, [NUMBER, ""], {"other": first.pk}),
        (third.pk, None, [NUMBER, ""], {"other": first.pk}),
    ]
    assert (
        events[0].description
        == f"Số CCCD/CMND trùng với hồ sơ #{first.pk}: đã chuyển vào ghi chú, chờ xử lý hồ sơ trùng"
    )
