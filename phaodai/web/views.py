from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from django.views.i18n import set_language as django_set_language

from phaodai.api.middleware import json_error
from phaodai.core.access import area_scoped, public
from phaodai.ui.scope import scope_from_request
from phaodai.ui.shell import home_cards
from phaodai.ui.types import AuthedRequest


@area_scoped()
@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """Greeting, then each app's card (its figures for the chosen unit and its shortcuts)."""
    scope = scope_from_request(request)
    return render(request, "web/home.html", {"cards": home_cards(request, scope)})


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@public
@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch. The header's switch is a plain link (GET): a button there would be
    the first submit button of every page, ahead of the page's own form; a POST still works."""
    if request.method == "POST":
        return django_set_language(request)
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


# --- the project's own error pages (config.urls: handler400, handler403, handler404, handler500) ----
#
# Vietnamese (the reader's language), phone-sized, with a way back; anything under /api/ answers
# the API's JSON error body instead. Django calls these outside the view layer (no access policy
# applies: they show nothing but the message).

API_PREFIX = "/api/"
logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _back_url(request: HttpRequest) -> str | None:
    """The page the reader came from, if it is one of ours (never an outside address)."""
    referer = str(request.META.get("HTTP_REFERER", ""))
    if not referer or referer == request.build_absolute_uri():
        return None
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if safe else None


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return json_error(404)
    return render(request, "404.html", {"back_url": _back_url(request)}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return json_error(403)
    return render(request, "403.html", {"back_url": _back_url(request)}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused (an unknown host, a malformed one): no page shell, the host may be bad."""
    if _is_api(request):
        return json_error(400)
    return HttpResponse(loader.render_to_string("400.html", {"home_url": "/"}), status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """Something failed on the server: a page that needs neither the database nor the request."""
    if _is_api(request):
        return json_error(500)
    body: str
    try:
        body = loader.render_to_string("500.html", {"home_url": reverse("home")})
    except Exception:  # the error page itself must not fail: plain text as the last resort
        logger.exception("The 500 page could not be rendered")
        body = "<!doctype html><meta charset=utf-8><title>Lỗi máy chủ</title><p>Lỗi máy chủ. <a href=/>Về trang chủ</a>"
    return HttpResponseServerError(body)
