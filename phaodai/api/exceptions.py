"""Every API error is JSON with a clear message: {"error": {"code", "message", "fields"}}."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def json_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        body = {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": fields}
    elif isinstance(exc, (Http404, exceptions.NotFound)):
        body = {"code": "not_found", "message": "Không tìm thấy."}
    elif isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
        body = {"code": "forbidden", "message": "Bạn không có quyền thực hiện thao tác này."}
    elif isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        body = {"code": "not_authenticated", "message": "Cần đăng nhập hoặc mã truy cập hợp lệ."}
        response.status_code = status.HTTP_401_UNAUTHORIZED
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = {"code": getattr(exc, "default_code", "error"), "message": str(detail) or "Lỗi."}
    response.data = {"error": body}
    return response
