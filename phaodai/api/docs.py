"""The schema (``/api/schema/``) and Swagger UI (``/api/docs/``), open or behind login by setting.

``PHAODAI_API_DOCS_PUBLIC`` (true in development, false in production unless set) decides per
request, so a deployment can open them without a new release. Closed, the schema answers 401
JSON to anyone without a session or token, and the docs page sends a visitor to the login page.
Swagger UI is served split (page, then its start script from the same URL) and without the
inline style of drf-spectacular's page, so it runs under the strict Content-Security-Policy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated

from phaodai.api.authentication import AUTHENTICATION_CLASSES


def _docs_permissions() -> list[BasePermission]:
    return [AllowAny()] if settings.PHAODAI_API_DOCS_PUBLIC else [IsAuthenticated()]


class SchemaView(SpectacularAPIView):
    authentication_classes = AUTHENTICATION_CLASSES

    def get_permissions(self) -> list[BasePermission]:
        return _docs_permissions()


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = AUTHENTICATION_CLASSES
    template_name = "api/swagger_ui.html"

    def get_permissions(self) -> list[BasePermission]:
        return _docs_permissions()

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            response: HttpResponse = redirect_to_login(self.request.get_full_path())
            return response
        return super().handle_exception(exc)
