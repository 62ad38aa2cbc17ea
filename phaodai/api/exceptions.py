"""Every API error is JSON with a clear message: {"error": {"code", "message", "fields", "codes"}}.

``fields`` and ``codes`` appear only for validation errors (code ``invalid``): ``fields``
maps a field name to its list of messages, ``codes`` to the machine-readable code of each
(a DRF field code such as ``required``, or an app's ``<App>ErrorCode`` such as
``people.household_code_taken``, listed in the schema). Errors inside nested inputs get
dotted names (``"chronic_conditions.1"``), errors not tied to one field are under
``non_field_errors``. Services raise Django's ``ValidationError``/``PermissionDenied``;
both are turned into the same JSON as DRF's own exceptions, codes kept.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from phaodai.api.parsers import TooDeepError, TooLargeError
from phaodai.core.services import StaleRecordError


class LockedOut(exceptions.APIException):
    """Too many failed logins from this username and address (django-axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class LoginThrottled(exceptions.APIException):
    """Too many failed logins from this address, whatever the usernames (phaodai.core.logins)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "login_throttled"

    def __init__(self, detail: str, *, wait: int) -> None:
        super().__init__(detail)
        self.wait = wait  # DRF's handler sends it as Retry-After


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"field" or "field.sub": [messages]}."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(errors, list) and errors and all(isinstance(e, (dict, list)) for e in errors):
        flat = {}
        for index, value in enumerate(errors):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix or "non_field_errors": [str(m) for m in messages]}


def _message(exc: Exception) -> tuple[str, str]:
    """(code, Vietnamese message) of a non-validation error."""
    if isinstance(exc, (Http404, exceptions.NotFound)):
        detail = getattr(exc, "detail", None)
        if isinstance(exc, exceptions.NotFound) and detail and str(detail) != str(exc.default_detail):
            return "not_found", str(detail)
        return "not_found", _("Không tìm thấy.")
    if isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
        if isinstance(exc, PermissionDenied) and exc.args and str(exc.args[0]):
            return "forbidden", str(exc.args[0])  # our services' reason, already in Vietnamese
        return "forbidden", _("Bạn không có quyền thực hiện thao tác này.")
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return "not_authenticated", _("Cần đăng nhập hoặc mã truy cập hợp lệ.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method_not_allowed", _("Phương thức này không được hỗ trợ ở địa chỉ này.")
    if isinstance(exc, TooDeepError):
        return "too_deep", str(exc.detail)
    if isinstance(exc, exceptions.ParseError):
        return "parse_error", _("Nội dung gửi lên không đọc được (cần JSON hợp lệ).")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "unsupported_media_type", _("Kiểu nội dung không được hỗ trợ; hãy gửi application/json.")
    if isinstance(exc, exceptions.NotAcceptable):
        return "not_acceptable", _("Chỉ trả lời được dạng application/json.")
    if isinstance(exc, exceptions.Throttled):
        wait = getattr(exc, "wait", None)
        if wait:
            return "throttled", _("Quá nhiều yêu cầu; vui lòng thử lại sau %(s)d giây.") % {
                "s": max(1, round(wait))
            }
        return "throttled", _("Quá nhiều yêu cầu; vui lòng thử lại sau.")
    if isinstance(exc, exceptions.APIException):
        return str(exc.default_code), str(exc.detail)
    return "error", _("Lỗi.")


def _from_django(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's, each message keeping its code."""
    detail = get_error_detail(exc)
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return exceptions.ValidationError(detail)


def _stale(exc: StaleRecordError) -> Response:
    body = {
        "code": "stale",
        "message": _(
            "Trong lúc bạn sửa, bản ghi đã được người khác thay đổi; hãy xem các giá trị hiện tại rồi sửa lại."
        ),
        "version": exc.current,
        "changed": exc.changed,
    }
    response = Response({"error": body}, status=status.HTTP_412_PRECONDITION_FAILED)
    response["ETag"] = f'"v{exc.current}"'
    return response


def json_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleRecordError):
        return _stale(exc)
    if isinstance(exc, RequestDataTooBig):
        exc = TooLargeError(_("Nội dung gửi lên quá lớn."))
    if isinstance(exc, DjangoValidationError):
        exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body: dict[str, Any] = {
            "code": "invalid",
            "message": _("Dữ liệu không hợp lệ."),
            "fields": _flatten(response.data),
            "codes": _flatten(exc.get_codes()),
        }
    else:
        code, message = _message(exc)
        body = {"code": code, "message": message}
        if code == "not_authenticated":
            response.status_code = status.HTTP_401_UNAUTHORIZED
    response.data = {"error": body}
    return response


def error_response(*, status_code: int, code: str, message: str) -> JsonResponse:
    """The API's error body outside DRF (Django's 404/403/500 handlers for paths under /api/)."""
    return JsonResponse(
        {"error": {"code": code, "message": message}},
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )
