"""The project's URLs plus one page that fails, to see the 500 page (the error handlers come along)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as project_urls
from phaodai.core.access import public


@public
def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns: list[Any] = [
    *project_urls,
    path("hong/", failing),
    path("api/v1/hong/", failing),
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
