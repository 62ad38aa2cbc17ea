from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

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
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)
