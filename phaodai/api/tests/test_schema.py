"""The committed schema is current, and the response checker really checks."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, JsonResponse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

from phaodai.api.tests.schema import FORMATS, SCHEMA_FILE, assert_matches_schema, operations


def test_the_committed_schema_matches_the_code():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    generated = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()

    assert generated == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is stale: run `make schema`"
    )


def test_every_operation_has_an_explicit_snake_case_id():
    ids = operations()

    assert ids
    assert all(op.replace("_", "").isalnum() and op.islower() for op in ids), sorted(ids)


UNIT = {"id": 3, "code": "T00003", "name": "Xã Bản Phố", "level": 3}
ME = {
    "id": 1,
    "username": "canbo",
    "full_name": "Cán bộ",
    "role": "commune_leader",
    "role_label": "Lãnh đạo cấp xã",
    "capabilities": ["view_people"],
    "sees_everything": False,
    "home_unit": UNIT,
}


def test_a_conforming_body_passes():
    assert_matches_schema(JsonResponse(ME), "me_retrieve")
    assert_matches_schema(JsonResponse({**ME, "home_unit": None}), "me_retrieve")


@pytest.mark.parametrize(
    ("_case", "body", "complaint"),
    [
        ("undocumented field", {**ME, "password": "x"}, "Additional properties are not allowed"),
        ("missing field", {k: v for k, v in ME.items() if k != "role"}, "'role' is a required property"),
        ("wrong type", {**ME, "id": "1"}, "'1' is not of type 'integer'"),
        ("null where not nullable", {**ME, "username": None}, "None is not of type 'string'"),
        ("not an enum value", {**ME, "role": "king"}, "'king' is not one of"),
        ("nested undocumented field", {**ME, "home_unit": {**UNIT, "path": "0001."}}, "home_unit"),
    ],
)
def test_a_nonconforming_body_fails(_case, body, complaint):
    with pytest.raises(AssertionError, match=complaint):
        assert_matches_schema(JsonResponse(body), "me_retrieve")


def test_an_undocumented_status_fails():
    with pytest.raises(AssertionError, match="status 404 is not documented"):
        assert_matches_schema(
            JsonResponse({"error": {"code": "x", "message": "y"}}, status=404), "me_retrieve"
        )


def test_an_unknown_operation_fails():
    with pytest.raises(AssertionError, match=r"operation 'me_destroy' is not in openapi\.yaml"):
        assert_matches_schema(JsonResponse(ME), "me_destroy")


def test_a_body_on_a_bodiless_status_fails():
    with pytest.raises(AssertionError, match="documented without a body"):
        assert_matches_schema(HttpResponse(b"{}", status=204), "token_revoke")


def test_dates_and_times_are_checked():
    assert FORMATS.conforms("2026-11-27T06:58:10.123456+07:00", "date-time")
    assert not FORMATS.conforms("2026-11-27T06:58:10", "date-time")  # no time zone
    assert not FORMATS.conforms("27/11/2026 06:58", "date-time")
    assert FORMATS.conforms("2026-11-27", "date")
    assert not FORMATS.conforms("27/11/2026", "date")


def test_the_docs_page_loads_swagger_from_local_static_files(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"></script>' in html
    )
    assert "https://" not in html
    assert "http://" not in html


def test_the_schema_is_served_to_anyone(client, db):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0.3\n")
