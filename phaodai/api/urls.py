"""The API's own pages: the schema and its documentation (the endpoints: ``config/api_urls.py``)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from phaodai.core.access import public

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
]
