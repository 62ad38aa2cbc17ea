"""OpenAPI schema helpers: component names, the error body, documented error responses.

Each endpoint class nests its serializers (``PersonCreateApi.InputSerializer``), so
many classes share the names ``InputSerializer`` and ``OutputSerializer``. The schema
names a nested serializer after its endpoint instead: ``PersonCreateApi.InputSerializer``
becomes the component ``PersonCreateRequest`` and ``PersonDetailApi.OutputSerializer``
becomes ``PersonDetail``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db.models import TextChoices
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from phaodai.core.errors import CoreErrorCode

_ROLE_SUFFIXES = ("InputSerializer", "OutputSerializer", "FilterSerializer", "Serializer")


def component_name(serializer_class: type[Any]) -> str:
    """``PersonCreateApi.InputSerializer`` → ``PersonCreate``; a top-level class keeps its name."""
    outer, _, inner = serializer_class.__qualname__.rpartition(".")
    if not outer or "<locals>" in outer:
        return serializer_class.__name__
    outer = outer.rpartition(".")[2].removesuffix("Api")
    for suffix in _ROLE_SUFFIXES:
        if inner.endswith(suffix):
            return outer + inner.removesuffix(suffix)
    return outer + inner


_VERSIONED_PATH = re.compile(r"^/api/v\d+/(?P<first>[^/{]+)")


class AutoSchema(SpectacularAutoSchema):
    """Names nested serializers after their endpoint; tags by resource; describes each action."""

    def get_tags(self) -> list[str]:
        match = _VERSIONED_PATH.match(self.path)
        return [match["first"]] if match else super().get_tags()

    def get_description(self) -> str:  # type: ignore[override]
        handler = getattr(self.view, self.method.lower(), None)
        view_class = getattr(self.view, "schema_view_class", lambda: type(self.view))()
        return get_doc(handler) or get_doc(view_class)

    def get_serializer_name(self, serializer: serializers.BaseSerializer[Any], direction: str) -> str:
        return component_name(type(serializer))

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"{serializer_name}Page"


# A field code of DRF or Django ("required", "max_length", "invalid"): lower case, no dot.
# An app's codes carry its label ("people.household_code_taken") and are listed per app.
_FIELD_CODE = {"type": "string", "pattern": "^[a-z_]+$"}


def _codes_field(app_codes: Iterable[str]) -> serializers.DictField:
    documented = sorted({*CoreErrorCode.values, *app_codes})
    item = {"anyOf": [{"type": "string", "enum": documented}, _FIELD_CODE]}

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "array", "items": item}})
    class CodesField(serializers.DictField):
        pass

    return CodesField(
        required=False,
        help_text='Mã lỗi theo từng trường, cùng thứ tự với "fields": {"tên_trường": ["mã", …]}.',
    )


@cache
def _error_serializer(name: str, codes: tuple[str, ...]) -> type[serializers.Serializer[Any]]:
    """The error body whose ``codes`` list the given app codes (component ``<name>Error``)."""
    detail = type(
        f"{name}ErrorDetailSerializer",
        (serializers.Serializer,),
        {
            "__module__": __name__,
            "code": serializers.CharField(help_text="Mã lỗi máy đọc được: invalid, not_found, forbidden, …"),
            "message": serializers.CharField(help_text="Thông báo cho người dùng, bằng tiếng Việt."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text='Lỗi theo từng trường: {"tên_trường": ["thông báo", …]}; chỉ có khi code là "invalid".',
            ),
            "codes": _codes_field(codes),
        },
    )
    return type(
        f"{name}ErrorSerializer",
        (serializers.Serializer,),
        {
            "__module__": __name__,
            "__doc__": 'Mọi câu trả lời lỗi: {"error": {"code", "message", "fields", "codes"}}.',
            "error": detail(),
        },
    )


ErrorSerializer = _error_serializer("", ())


_ERROR_DESCRIPTIONS = {
    400: "Dữ liệu không hợp lệ (xem error.fields).",
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ.",
    403: "Không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy, hoặc nằm ngoài địa bàn của bạn.",
    405: "Phương thức không được hỗ trợ.",
    412: "Bản ghi đã đổi từ phiên bản bạn đọc (If-Match cũ); không ghi gì. Xem error.changed.",
    413: "Nội dung gửi lên quá lớn.",
    428: "Thiếu tiêu đề If-Match.",
    429: "Quá nhiều yêu cầu, hoặc tạm khoá do đăng nhập sai quá nhiều lần.",
}


def error_responses(*statuses: int, codes: type[TextChoices] | None = None) -> dict[int, OpenApiResponse]:
    """Documented error answers for ``@extend_schema(responses={200: ..., **error_responses(400, 401)})``.

    ``codes`` is the app's ``<App>ErrorCode``: its 400 answer lists them (component ``<App>Error``).
    """
    answers: dict[int, OpenApiResponse] = {}
    for status in statuses:
        body: type[serializers.Serializer[Any]] = ErrorSerializer
        if status == 412:
            from phaodai.api.versions import StaleSerializer

            body = StaleSerializer
        elif status == 400 and codes is not None:
            body = _error_serializer(codes.__name__.removesuffix("ErrorCode"), tuple(codes.values))
        answers[status] = OpenApiResponse(body, description=_ERROR_DESCRIPTIONS[status])
    return answers


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The API key header of ``phaodai.api.authentication.TokenAuthentication`` in the schema."""

    target_class = "phaodai.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Mã truy cập, dạng `Token <mã>` (POST /api/v1/token/).",
        }


def document_shared_answers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Answers every operation of a kind may give: 429 for all (``phaodai.api.throttles``), with
    ``Retry-After``; 404 for a paged list asked for a page past its end."""
    too_many = {
        "description": _ERROR_DESCRIPTIONS[429],
        "headers": {
            "Retry-After": {
                "schema": {"type": "integer", "minimum": 1},
                "description": "Số giây cần chờ trước khi gửi lại.",
            }
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    past_the_end = {
        "description": "Trang không tồn tại (quá số trang của danh sách).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses")
            if not isinstance(responses, dict):
                continue
            responses.setdefault("429", too_many)
            if any(parameter.get("name") == "page" for parameter in operation.get("parameters", [])):
                responses.setdefault("404", past_the_end)
    return result
