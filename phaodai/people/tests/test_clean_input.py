"""Hidden characters and foreign digits are cleaned at the boundary; junk queries match nothing special."""

from __future__ import annotations

import io
import zipfile

import pytest

from phaodai.api.tests.clients import token_client
from phaodai.people.models import Person
from phaodai.people.selectors import find_likely_duplicates, person_search
from phaodai.people.tests.factories import make_person
from tests.world import body_of

pytestmark = pytest.mark.django_db

FULL_WIDTH_CMND = "０１２３４５６７８"  # 012345678 typed on a phone keyboard in full width
ARABIC_CCCD = "".join(chr(0x0660 + int(d)) for d in "010080000001")


def _post_person(client, units, **fields):
    data = {
        "full_name": "Nguyễn Văn An",
        "sex": "M",
        "birth_year": "1980",
        "residence_unit": units["Thôn Bản Phố 1"].pk,
        "residence_status": "permanent",
        "ethnicity": "01",
        "confirm_duplicates": "1",
        **fields,
    }
    return client.post("/nhan-khau/them/", data)


def test_a_zero_width_space_typed_in_a_name_is_gone_and_the_person_is_found(client, commune_leader, units):
    client.force_login(commune_leader)

    _post_person(client, units, full_name="Nguy\u200bễn Văn\u200d An")

    person = Person.objects.unscoped().get()
    assert (person.full_name, person.name_key) == ("Nguyễn Văn An", "nguyen van an")
    assert [p.pk for p in person_search(user=commune_leader, query="nguyen van")] == [person.pk]


def test_a_leading_byte_order_mark_does_not_break_capitalisation(commune_leader, units):
    response = token_client(commune_leader).post(
        "/api/v1/people/",
        {
            "full_name": "\ufeffnguyễn văn an",
            "sex": "M",
            "birth_year": 1980,
            "residence_unit": units["Thôn Bản Phố 1"].pk,
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["full_name"] == "Nguyễn Văn An"


def test_numbers_in_full_width_or_arabic_indic_digits_are_stored_as_ascii(client, commune_leader, units):
    client.force_login(commune_leader)

    _post_person(client, units, national_id=FULL_WIDTH_CMND, phone="０９１２ ３４５ ６７８")
    api = token_client(commune_leader).post(
        "/api/v1/people/",
        {
            "full_name": "Giàng A Lử",
            "sex": "M",
            "birth_year": 1980,
            "national_id": ARABIC_CCCD,
            "residence_unit": units["Thôn Bản Phố 2"].pk,
        },
        format="json",
    )

    stored = dict(Person.objects.unscoped().values_list("full_name", "national_id"))
    assert api.status_code == 201
    assert stored == {"Nguyễn Văn An": "012345678", "Giàng A Lử": "010080000001"}
    assert Person.objects.unscoped().get(full_name="Nguyễn Văn An").phone == "0912345678"
    assert [p.full_name for p in person_search(user=commune_leader, query=ARABIC_CCCD)] == ["Giàng A Lử"]


def test_the_duplicate_check_sees_through_hidden_characters_and_foreign_digits(commune_leader, units):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id="012345678")

    matches = find_likely_duplicates(
        user=commune_leader, full_name="Nguy\u200bễn Văn An", birth_year=1980, national_id=FULL_WIDTH_CMND
    )

    assert [m.person.full_name for m in matches] == ["Nguyễn Văn An"]


def test_a_bidirectional_override_never_reaches_the_export(world):
    own = world.people["own"]
    Person.objects.unscoped().filter(pk=own.pk).update(
        notes="Ghi chú\u202e đảo chiều"
    )  # stored before cleaning

    client = world.client_for("own_commune")
    body = body_of(client.get("/nhan-khau/xuat/", {"purpose": "Rà soát danh sách"}))
    xlsx = client.get("/nhan-khau/xuat/", {"purpose": "Rà soát danh sách", "fmt": "xlsx"})
    with zipfile.ZipFile(io.BytesIO(b"".join(xlsx.streaming_content))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()

    assert "\u202e" not in body
    assert "Ghi chú đảo chiều" in body
    assert "\u202e" not in sheet
    assert "Ghi chú đảo chiều" in sheet


@pytest.mark.parametrize("query", ["-", ".", "()", "((((", " - ", "\u200b"])
def test_a_query_with_no_letter_or_digit_is_no_query(commune_leader, units, query):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử", phone="0912345678")
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Thào A Sử")

    everyone = [p.pk for p in person_search(user=commune_leader)]
    api = token_client(commune_leader).get("/api/v1/people/", {"q": query}).json()["results"]

    assert [p.pk for p in person_search(user=commune_leader, query=query)] == everyone
    assert len(everyone) == 2  # never only those without a phone, as before
    assert sorted(row["id"] for row in api) == sorted(everyone)
