"""Refuse every view that does not declare its access policy and enforce its capability (core.access);
limit how fast pages are asked for (core.ratelimit)."""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _

from phaodai.core import ratelimit
from phaodai.core.access import Policy, declared_access, has_capability
from phaodai.core.clients import client_ip

logger = logging.getLogger(__name__)


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        match = request.resolver_match
        declared = declared_access(view_func, match.namespaces if match else ())
        if declared is None:
            logger.error("View %r declares no access policy; refused.", view_func)
            return HttpResponseForbidden(_("Trang này chưa khai báo quyền truy cập."))
        if declared.policy in (Policy.PUBLIC, Policy.ADMIN):
            return None
        if request.path.startswith("/api/"):
            # DRF authenticates tokens itself and answers 401/403 as JSON; its permission
            # class (phaodai.api.permissions.HasCapability) asks the same has_capability.
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        capability = declared.capability_for(request.method or "GET")
        if not has_capability(request.user, capability):
            raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))
        return None


class PageRateLimitMiddleware:
    """Per-address limit on pages without login, per-user limit on the others (429 page).

    The API has its own throttles (``phaodai.api.throttles``); static files are served before
    this runs. The rates are ``pages_anonymous`` and ``pages_user`` (``phaodai.core.ratelimit``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            if request.user.is_authenticated:
                wait = ratelimit.hit("pages_user", f"user:{request.user.pk}")
            else:
                wait = ratelimit.hit("pages_anonymous", f"ip:{client_ip(request)}")
            if wait is not None:
                return too_many_requests(request, wait)
        return self.get_response(request)


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """The 429 page: how long to wait, in the reader's language, with ``Retry-After``."""
    response = render(request, "429.html", {"wait_minutes": max(1, -(-wait // 60)), "wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
