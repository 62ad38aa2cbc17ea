"""The REST API: each app contributes ``api_urlpatterns`` from its own ``api_urls.py``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from phaodai.core.access import public

app_name = "api"

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
    path("v1/", include("phaodai.api.v1")),
]
