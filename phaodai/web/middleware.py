"""Vietnamese first: the interface language is Vietnamese unless the user picked English.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many
officers' phones run an English system UI. The working language is Vietnamese,
so the browser's preference is ignored; the language switch (a cookie set by
``set_language``) is the only way to English.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Drop Accept-Language before LocaleMiddleware reads it (place it just before that one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
