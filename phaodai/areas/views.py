"""Pages of the area tree: the list of eras, a unit's page, and search by name."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from phaodai.areas.selectors import (
    SEARCH_LIMIT,
    SEARCH_MIN_LENGTH,
    eras_with_provinces,
    unit_get_for_user,
    unit_overview,
    unit_search,
)
from phaodai.core.access import area_scoped
from phaodai.ui.shell import unit_figures
from phaodai.ui.types import AuthedRequest


@area_scoped()
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """A system administrator sees every era; anyone else goes to their home unit."""
    user = request.user
    if not user.sees_everything and user.home_unit_id is not None:
        return redirect("areas:detail", unit_id=user.home_unit_id)
    return render(request, "areas/index.html", {"eras": eras_with_provinces(user=user)})


@area_scoped()
@require_GET
def detail(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = unit_get_for_user(user=request.user, unit_id=unit_id)
    page = unit_overview(user=request.user, unit=unit)
    # Figures the apps count from their records (registered residents now…), beside the
    # population of a year (its source and date): each says what it is.
    figures = unit_figures(request, unit, [child for child, _total in page.children])
    rows = [
        (child, total, [figure.by_child[child.pk] for figure in figures]) for child, total in page.children
    ]
    return render(
        request, "areas/unit_detail.html", {"unit": unit, "page": page, "figures": figures, "rows": rows}
    )


@area_scoped()
@require_GET
def search(request: AuthedRequest) -> HttpResponse:
    """Units by name without diacritics, optionally inside one unit (``?trong=<id>``)."""
    query = request.GET.get("q", "").strip()[:100]
    within_id = request.GET.get("trong", "").strip()
    within = unit_get_for_user(user=request.user, unit_id=within_id) if within_id else None
    found = unit_search(user=request.user, query=query, within=within, limit=SEARCH_LIMIT + 1)
    context = {
        "query": query,
        "within": within,
        "results": found[:SEARCH_LIMIT],
        "more": len(found) > SEARCH_LIMIT,
        "too_short": 0 < len(query) < SEARCH_MIN_LENGTH,
        "min_length": SEARCH_MIN_LENGTH,
    }
    template = "areas/search.html#results" if request.htmx else "areas/search.html"
    return render(request, template, context)
