"""Rendering helpers every app's pages use: HTMX partials and capped paging."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from phaodai.core.pagination import CappedPaginator, CappedResults

PAGE_SIZE = 25


def htmx_target(request: HttpRequest) -> str | None:
    """The id of the element HTMX asked for, or None for a plain request."""
    htmx = getattr(request, "htmx", None)
    return htmx.target if htmx else None


def render_partial(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str
) -> HttpResponse:
    """The whole page, or only the inline partial ``partial`` when HTMX asked for that element."""
    if htmx_target(request) == partial:
        template = f"{template}#{partial}"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def page_of(
    request: HttpRequest, results: QuerySet[Any] | CappedResults, *, per_page: int = PAGE_SIZE
) -> Page[Any]:
    """The page of ``?page=`` (the last one for a number past the end), counted up to the cap."""
    return CappedPaginator(results, per_page).get_page(request.GET.get("page"))
