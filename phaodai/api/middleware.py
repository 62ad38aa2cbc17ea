"""Every answer under ``/api/`` is JSON, whatever produced it.

DRF's exception handler covers the views; this covers what happens around them: a URL that
matches no endpoint (``/api/v1/people/null,null/``), a method Django refuses, a request Django
itself rejects (too large, a bad host), an exception outside DRF. Each becomes
``{"error": {"code", "message"}}`` with the same status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from phaodai.api.exceptions import error_response

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _error(status: int) -> tuple[str, str]:
    if status == 404:
        return "not_found", _("Không tìm thấy.")
    if status == 405:
        return "method_not_allowed", _("Phương thức này không được hỗ trợ ở địa chỉ này.")
    if status == 413:
        return "too_large", _("Nội dung gửi lên quá lớn.")
    if status == 403:
        return "forbidden", _("Bạn không có quyền thực hiện thao tác này.")
    if status == 429:
        return "throttled", _("Quá nhiều yêu cầu; vui lòng thử lại sau.")
    if status >= 500:
        return "server_error", _("Lỗi máy chủ: thao tác chưa thực hiện được. Hãy thử lại sau ít phút.")
    return "bad_request", _("Yêu cầu không hợp lệ.")


def json_error(status: int) -> JsonResponse:
    """The API's error body for a bare status (Django's handlers, other middleware's answers)."""
    code, message = _error(status)
    return error_response(status_code=status, code=code, message=message)


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class JsonErrorsMiddleware:
    """Place it first: it must see the answers of every other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400 or _is_json(response):
            return response
        if request.path.startswith(("/api/docs/", "/api/schema/")) and response.status_code < 500:
            return response  # the documentation pages answer for themselves (a login redirect)
        replaced = json_error(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replaced[header] = response[header]
        return replaced

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return json_error(413)
        logger.error("Unhandled error in %s %s", request.method, request.path, exc_info=exception)
        return json_error(500)
