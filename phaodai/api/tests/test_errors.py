"""Errors are JSON {"error": {"code", "message", "fields", "codes"}} with Vietnamese messages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from phaodai.api.exceptions import json_exception_handler
from phaodai.api.tests.clients import anonymous_client


def _handle(exc):
    response = json_exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_a_service_validation_error_keeps_its_field_keys():
    error = DjangoValidationError({"birth_year": ["Năm sinh phải từ 1900 đến 2026."]})

    assert _handle(error) == (
        400,
        {
            "error": {
                "code": "invalid",
                "message": "Dữ liệu không hợp lệ.",
                "fields": {"birth_year": ["Năm sinh phải từ 1900 đến 2026."]},
                "codes": {"birth_year": ["invalid"]},
            }
        },
    )


def test_a_service_error_code_reaches_the_client_beside_its_message():
    error = DjangoValidationError(
        {
            "code": [
                DjangoValidationError(
                    "Mã hộ BP1-007 đã có ở Thôn Bản Phố 1.", code="people.household_code_taken"
                )
            ]
        }
    )

    body = _handle(error)[1]["error"]

    assert (body["fields"], body["codes"]) == (
        {"code": ["Mã hộ BP1-007 đã có ở Thôn Bản Phố 1."]},
        {"code": ["people.household_code_taken"]},
    )


def test_a_service_validation_error_without_field_goes_under_non_field_errors():
    status, body = _handle(DjangoValidationError("Hộ này đã có chủ hộ."))

    assert status == 400
    assert body["error"]["fields"] == {"non_field_errors": ["Hộ này đã có chủ hộ."]}


def test_nested_errors_get_dotted_names():
    error = exceptions.ValidationError(
        {
            "chronic_conditions": {1: ["“x” không phải là lựa chọn hợp lệ."]},  # type: ignore[dict-item]  # as DRF's ListField makes it
            "items": [{}, {"name": ["Bắt buộc."]}],
        }
    )

    assert _handle(error)[1]["error"]["fields"] == {
        "chronic_conditions.1": ["“x” không phải là lựa chọn hợp lệ."],
        "items.1.name": ["Bắt buộc."],
    }


@pytest.mark.parametrize(
    ("_case", "exc", "status", "code", "message"),
    [
        ("django 404", Http404("No Person matches"), 404, "not_found", "Không tìm thấy."),
        ("drf 404", exceptions.NotFound(), 404, "not_found", "Không tìm thấy."),
        (
            "drf 404 with reason",
            exceptions.NotFound("Trang không tồn tại."),
            404,
            "not_found",
            "Trang không tồn tại.",
        ),
        (
            "service refusal",
            PermissionDenied(),
            403,
            "forbidden",
            "Bạn không có quyền thực hiện thao tác này.",
        ),
        (
            "drf refusal",
            exceptions.PermissionDenied(),
            403,
            "forbidden",
            "Bạn không có quyền thực hiện thao tác này.",
        ),
        (
            "bad json",
            exceptions.ParseError(),
            400,
            "parse_error",
            "Nội dung gửi lên không đọc được (cần JSON hợp lệ).",
        ),
        (
            "form instead of json",
            exceptions.UnsupportedMediaType("text/plain"),
            415,
            "unsupported_media_type",
            "Kiểu nội dung không được hỗ trợ; hãy gửi application/json.",
        ),
        ("throttled", exceptions.Throttled(), 429, "throttled", "Quá nhiều yêu cầu; vui lòng thử lại sau."),
    ],
)
def test_other_errors_have_a_code_and_a_vietnamese_message(_case, exc, status, code, message):
    assert _handle(exc) == (status, {"error": {"code": code, "message": message}})


def test_an_unexpected_exception_is_left_to_django():
    assert json_exception_handler(RuntimeError("boom"), {}) is None


def test_malformed_json_is_answered_in_json(db):
    response = anonymous_client().generic(
        "POST", "/api/v1/token/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_a_form_post_is_refused_with_415(db):
    response = anonymous_client().post(
        "/api/v1/token/", {"username": "a", "password": "b"}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
