"""Where a commune has villages, a resident's place is a village; those filed at the commune are
listed to be placed (issue 7, point 2)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import ValidationError

from phaodai.api.tests.clients import token_client
from phaodai.areas.enums import UnitLevel
from phaodai.areas.tests.factories import make_unit
from phaodai.audit.models import AuditEvent
from phaodai.people.enums import Sex
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.selectors import home_figures, person_search
from phaodai.people.services import household_create, liaison_group_create, person_create, person_update
from phaodai.people.tests.factories import make_person

REFUSED = "Xã Bản Phố có thôn, tổ dân phố: hãy chọn thôn, tổ dân phố nơi người này ở."


def _create(actor, unit):
    return person_create(
        actor=actor, full_name="Lò Văn Pá", sex=Sex.MALE, birth_year=1988, residence_unit=unit
    )


def test_a_resident_filed_at_a_commune_with_villages_is_refused(commune_leader, units):
    with pytest.raises(ValidationError) as caught:
        _create(commune_leader, units["Xã Bản Phố"])

    assert caught.value.message_dict == {"residence_unit": [REFUSED]}
    assert caught.value.error_dict["residence_unit"][0].code == "people.residence_not_village"
    assert (Person.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_a_commune_without_villages_is_a_place_of_residence(district_leader, units):
    lone = make_unit(name="Xã Không Thôn", level=UnitLevel.COMMUNE, parent=units["Huyện Bắc Hà"])

    person, created = _create(district_leader, lone)

    assert (created, person.residence_unit, person.area_path) == (True, lone, lone.path)


def test_moving_a_resident_to_the_commune_is_refused_but_one_filed_there_before_may_be_edited(
    commune_leader, units
):
    villager = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử")
    filed_before = make_person(residence_unit=units["Xã Bản Phố"], full_name="Sùng A Páo")

    with pytest.raises(ValidationError) as caught:
        person_update(actor=commune_leader, person=villager, residence_unit=units["Xã Bản Phố"])
    person_update(actor=commune_leader, person=filed_before, phone="0912345678")
    person_update(actor=commune_leader, person=filed_before, residence_unit=units["Thôn Bản Phố 2"])

    assert caught.value.message_dict == {"residence_unit": [REFUSED]}
    villager.refresh_from_db()
    filed_before.refresh_from_db()
    assert villager.residence_unit == units["Thôn Bản Phố 1"]
    assert (filed_before.phone, filed_before.residence_unit) == ("0912345678", units["Thôn Bản Phố 2"])


def test_a_household_and_a_liaison_group_are_placed_in_a_village_too(commune_leader, units):
    with pytest.raises(ValidationError) as household:
        household_create(actor=commune_leader, unit=units["Xã Bản Phố"], code="BP-001")
    with pytest.raises(ValidationError) as group:
        liaison_group_create(actor=commune_leader, unit=units["Xã Bản Phố"], name="Tổ liên gia số 1")

    assert household.value.message_dict == {
        "unit": ["Xã Bản Phố có thôn, tổ dân phố: hãy chọn thôn, tổ dân phố nơi hộ ở."]
    }
    assert group.value.message_dict == {
        "unit": ["Xã Bản Phố có thôn, tổ dân phố: hãy chọn thôn, tổ dân phố của tổ liên gia."]
    }
    assert (Household.objects.count(), LiaisonGroup.objects.count()) == (0, 0)


def test_api_refuses_the_commune_with_the_code(commune_leader, units):
    response = token_client(commune_leader).post(
        "/api/v1/people/",
        {"full_name": "Lò Văn Pá", "sex": "M", "birth_year": 1988, "residence_unit": units["Xã Bản Phố"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["codes"] == {"residence_unit": ["people.residence_not_village"]}


# --- the form starts empty and offers villages ------------------------------------------------


def test_create_page_of_a_commune_officer_starts_without_a_residence_and_offers_only_villages(world):
    commune = world.units["Xã Bản Phố"]

    response = world.client_for("own_commune").get("/nhan-khau/them/")

    form = response.context["form"]
    body = response.content.decode()
    assert "residence_unit" not in form.initial
    assert list(form.fields["residence_unit"].queryset) == [
        world.units["Thôn Bản Phố 1"],
        world.units["Thôn Bản Phố 2"],
    ]
    select = re.search(r'<select name="residence_unit".*?</select>', body, re.S)
    assert select is not None
    assert f'<option value="{commune.pk}"' not in select.group(0)
    assert '<option value="" selected>— Chọn thôn, tổ dân phố —</option>' in select.group(0)


def test_saving_without_a_village_is_refused_in_place(world):
    response = world.client_for("own_commune").post(
        "/nhan-khau/them/",
        {
            "uuid": str(uuid.UUID(int=21)),
            "full_name": "Lò Văn Sình",
            "sex": "M",
            "birth_year": "1988",
            "ethnicity": "01",
            "residence_unit": "",
            "residence_status": "permanent",
        },
    )

    assert response.context["form"].errors["residence_unit"] == ["Hãy chọn nơi cư trú."]
    assert not Person.objects.filter(full_name="Lò Văn Sình").exists()


def test_edit_page_of_a_resident_filed_at_the_commune_keeps_the_commune_among_the_choices(world):
    filed_before = make_person(residence_unit=world.units["Xã Bản Phố"], full_name="Sùng A Páo")

    response = world.client_for("own_commune").get(f"/nhan-khau/{filed_before.pk}/sua/")

    units = list(response.context["form"].fields["residence_unit"].queryset)
    assert units == [world.units["Xã Bản Phố"], world.units["Thôn Bản Phố 1"], world.units["Thôn Bản Phố 2"]]


# --- those filed at the commune are listed to be placed ----------------------------------------


def test_residents_filed_at_the_commune_are_counted_and_listed_for_placing(world):
    filed_before = make_person(residence_unit=world.units["Xã Bản Phố"], full_name="Sùng A Páo")
    make_person(residence_unit=world.units["Xã Lùng Phình"], full_name="Thào A Chứ")  # another commune
    client = world.client_for("own_commune")

    home = client.get("/").content.decode()
    listed = client.get("/nhan-khau/", {"unplaced": "1"})

    assert home_figures(user=world.users["own_commune"], unit=world.units["Xã Bản Phố"]).unplaced == 1
    assert "Chưa xếp vào thôn, tổ dân phố" in home
    assert 'href="/nhan-khau/?unplaced=1"' in home
    assert [p.full_name for p in listed.context["page"]] == [filed_before.full_name]
    district = world.users["parent_district"]
    assert [p.full_name for p in person_search(user=district, unplaced=True)] == ["Sùng A Páo", "Thào A Chứ"]


def test_the_home_card_says_nothing_when_everyone_is_placed(world):
    home = world.client_for("own_commune").get("/").content.decode()

    assert "Chưa xếp vào thôn, tổ dân phố" not in home
