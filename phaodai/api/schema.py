"""OpenAPI schema helpers: component names, the error body, documented error responses.

Each endpoint class nests its serializers (``PersonCreateApi.InputSerializer``), so
many classes share the names ``InputSerializer`` and ``OutputSerializer``. The schema
names a nested serializer after its endpoint instead: ``PersonCreateApi.InputSerializer``
becomes the component ``PersonCreateRequest`` and ``PersonDetailApi.OutputSerializer``
becomes ``PersonDetail``.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

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

    def get_serializer_name(self, serializer: serializers.BaseSerializer, direction: str) -> str:  # type: ignore[override]
        return component_name(type(serializer))

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"{serializer_name}Page"


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã lỗi máy đọc được: invalid, not_found, forbidden, …")
    message = serializers.CharField(help_text="Thông báo cho người dùng, bằng tiếng Việt.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text='Lỗi theo từng trường: {"tên_trường": ["thông báo", …]}; chỉ có khi code là "invalid".',
    )


class ErrorSerializer(serializers.Serializer):
    """Mọi câu trả lời lỗi: {"error": {"code", "message", "fields"}}."""

    error = ErrorDetailSerializer()


_ERROR_DESCRIPTIONS = {
    400: "Dữ liệu không hợp lệ (xem error.fields).",
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ.",
    403: "Không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy, hoặc nằm ngoài địa bàn của bạn.",
    405: "Phương thức không được hỗ trợ.",
    429: "Tạm khoá do đăng nhập sai quá nhiều lần.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error answers for ``@extend_schema(responses={200: ..., **error_responses(400, 401)})``."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]) for code in codes}
