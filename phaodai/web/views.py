from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from phaodai.accounts.roles import Capability
from phaodai.core.access import area_scoped, public
from phaodai.web.context_processors import reverse_or_none
from phaodai.web.scope import scope_from_request
from phaodai.web.selectors import home_figures


@area_scoped
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Greeting, figures of the chosen unit, and the shortcuts of the user's role."""
    user = request.user
    scope = scope_from_request(request)
    figures = home_figures(user=user, unit=scope.unit) if user.can(Capability.VIEW_PEOPLE) else None  # type: ignore[union-attr]
    return render(
        request,
        "web/home.html",
        {
            "figures": figures,
            "can_edit": user.can(Capability.EDIT_PEOPLE),  # type: ignore[union-attr]
            "can_merge": user.can(Capability.MERGE_PEOPLE),  # type: ignore[union-attr]
            "can_export": user.can(Capability.EXPORT_PEOPLE),  # type: ignore[union-attr]
            "areas_url": reverse_or_none("areas:index"),
        },
    )


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)
