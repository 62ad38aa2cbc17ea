"""Bad input is a JSON 400 (or 413, 404), never a 500 and never Django's HTML page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from phaodai.api.parsers import MAX_DEPTH, json_depth
from phaodai.api.tests.clients import token_client
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"


def _error(response):
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()["error"]


@pytest.mark.parametrize(
    ("_case", "value"),
    [
        ("a superscript digit passes isdigit, not int", "²"),
        ("five thousand digits", "9" * 5000),
        ("past 64 bits", "99999999999999999999"),
        ("zero", 0),
        ("negative", -3),
        ("a boolean", True),
        ("null-like text", "null"),
    ],
)
def test_a_malformed_record_id_in_a_body_is_a_field_error(commune_leader, units, _case, value):
    payload = {"full_name": "Giàng A Lử", "sex": "M", "birth_year": 1980, "residence_unit": value}

    response = token_client(commune_leader).post(PEOPLE, payload, format="json")

    assert response.status_code == 400
    assert list(_error(response)["fields"]) == ["residence_unit"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("value", ["²", "9" * 5000, "99999999999999999999", "abc", "0"])
def test_a_malformed_id_in_the_query_string_is_a_field_error(commune_leader, value):
    client = token_client(commune_leader)

    people = client.get(PEOPLE, {"unit": value})
    units = client.get("/api/v1/units/", {"parent": value})

    assert (people.status_code, list(_error(people)["fields"])) == (400, ["unit"])
    assert (units.status_code, list(_error(units)["fields"])) == (400, ["parent"])


def test_a_unit_id_in_arabic_indic_digits_is_the_same_id(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    make_person(residence_unit=village, full_name="Giàng A Lử")
    arabic = "".join(chr(0x0660 + int(d)) for d in str(village.pk))

    response = token_client(commune_leader).get(PEOPLE, {"unit": arabic})

    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()["results"]] == ["Giàng A Lử"]


def test_a_unit_in_the_page_switcher_that_is_no_number_is_404(client, commune_leader):
    client.force_login(commune_leader)

    for value in ("²", "9" * 5000, "99999999999999999999"):
        assert client.get("/nhan-khau/", {"unit": value}).status_code == 404


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
def test_json_nested_too_deep_is_a_400(commune_leader, depth):
    body = "[" * depth + "]" * depth

    response = token_client(commune_leader).generic("POST", PEOPLE, body, content_type="application/json")

    assert response.status_code == 400
    assert _error(response)["code"] == "too_deep"


def test_json_nested_deep_inside_a_field_is_a_400(commune_leader, units):
    notes = "[" * 5_000 + "]" * 5_000
    body = '{"full_name": "A", "sex": "M", "birth_year": 1980, "notes": ' + notes + "}"

    response = token_client(commune_leader).generic("POST", PEOPLE, body, content_type="application/json")

    assert response.status_code == 400
    assert _error(response)["code"] == "too_deep"


def test_brackets_inside_strings_do_not_count():
    assert json_depth(b'{"notes": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert json_depth(b'{"a": "\\"[[[[", "b": [1, [2]]}') == 3


def test_a_body_over_the_limit_is_a_json_413(commune_leader, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"full_name": "A", "sex": "M", "notes": "x" * 5000})

    response = token_client(commune_leader).generic("POST", PEOPLE, body, content_type="application/json")

    assert response.status_code == 413
    assert _error(response)["code"] == "too_large"


@pytest.mark.parametrize(
    "url", ["/api/v1/people/null,null/", "/api/v1/nothing-here/", "/api/v2/people/", "/api/v1/people/1/x/"]
)
def test_every_api_404_is_json(commune_leader, url):
    response = token_client(commune_leader).get(url)

    assert response.status_code == 404
    assert _error(response) == {"code": "not_found", "message": "Không tìm thấy."}


def test_an_exception_outside_drf_under_api_is_a_json_500(commune_leader, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(commune_leader)
    from phaodai.people import api

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.PersonListApi, "get", explode)

    response = client.get(PEOPLE)

    assert response.status_code == 500
    assert _error(response)["code"] == "server_error"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "null"}, "page"),
        ({"page_size": "null"}, "page_size"),
        ({"page_size": "false"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
    ],
)
def test_paging_parameters_are_validated(commune_leader, params, field):
    response = token_client(commune_leader).get(PEOPLE, params)

    assert response.status_code == 400
    assert list(_error(response)["fields"]) == [field]


def test_the_schema_documents_the_paging_bounds():
    import yaml

    from phaodai.api.tests.schema import SCHEMA_FILE

    document = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    parameters = {p["name"]: p["schema"] for p in document["paths"][PEOPLE]["get"]["parameters"]}

    assert parameters["page"] == {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}


def test_a_blank_since_reads_the_feed_from_the_start(commune_leader):
    make_person(residence_unit=commune_leader.home_unit.children.first(), full_name="Lò Văn Đầu")

    response = token_client(commune_leader).get("/api/v1/people/changes/", {"since": ""})

    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()["results"]] == ["Lò Văn Đầu"]


def test_a_text_longer_than_its_limit_is_refused_even_if_some_of_it_is_invisible(commune_leader):
    era = "2021" + "\u200b" * 13  # 17 characters sent, 4 after cleaning; the limit is 16

    response = token_client(commune_leader).get("/api/v1/units/", {"era": era})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"era": ["Không được dài quá 16 ký tự."]}


def test_a_required_text_of_invisible_characters_only_is_blank(db):
    from phaodai.api.tests.clients import anonymous_client

    response = anonymous_client().post(
        "/api/v1/token/", {"username": "\u0019\u200b", "password": "x"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"username": ["Trường này không được để trống."]}
