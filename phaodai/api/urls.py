"""The API's own pages: the schema and its documentation (the endpoints: ``config/api_urls.py``)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from phaodai.core.access import public

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        # Swagger with a way back to the app above it (templates/api/swagger_ui.html).
        public(SpectacularSwaggerView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")),
        name="docs",
    ),
]
