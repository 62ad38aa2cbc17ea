"""Record versions over HTTP: ``ETag`` on reads, ``If-Match`` required on edits (no lost update).

A record's ETag is ``"v<version>"`` (``core.models.AreaScopedModel.version``). A client sends
it back as ``If-Match`` with its ``PATCH``: without it the answer is ``428``; when the record
changed since, ``412`` with what changed and the values now (``core.services.StaleRecordError``),
and nothing is written.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

_TAG = re.compile(r'^\s*(?:W/)?"v(?P<version>[0-9]{1,10})"\s*$')


class PreconditionRequiredError(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = _(
        "Cần gửi tiêu đề If-Match với ETag của bản ghi (nhận khi đọc bản ghi), để không ghi đè "
        "thay đổi của người khác."
    )


class PreconditionFailedError(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"
    default_detail = _("Bản ghi đã được thay đổi từ phiên bản bạn đọc; hãy đọc lại rồi sửa.")


def etag(record: Any) -> str:
    return f'"v{record.version}"'


def with_etag(response: Response, record: Any) -> Response:
    response["ETag"] = etag(record)
    return response


def expected_version(request: Request) -> int:
    """The version the client read, from ``If-Match``; 428 without it, 412 if it is no tag of ours."""
    raw = request.headers.get("If-Match", "")
    if not raw.strip() or raw.strip() == "*":
        raise PreconditionRequiredError
    match = _TAG.match(raw)
    if match is None:
        raise PreconditionFailedError
    return int(match["version"])


IF_MATCH = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description='ETag của bản ghi khi đọc (ví dụ "v3"). Thiếu: 428; bản ghi đã đổi: 412.',
)


class StaleDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="stale")
    message = serializers.CharField()
    version = serializers.IntegerField(help_text="Phiên bản hiện tại của bản ghi (ETag mới).")
    changed = serializers.DictField(help_text="Các trường đã đổi từ phiên bản bạn đọc, với giá trị hiện tại.")


class StaleSerializer(serializers.Serializer[Any]):
    """Bản ghi đã đổi: {"error": {"code": "stale", "message", "version", "changed"}}."""

    error = StaleDetailSerializer()
