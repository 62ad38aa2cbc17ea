"""The API's own pages: the schema and its documentation (the endpoints: ``config/api_urls.py``)."""

from django.urls import path

from phaodai.api.docs import DocsView, SchemaView
from phaodai.core.access import public

# Declared public: the views themselves close to anonymous visitors when
# PHAODAI_API_DOCS_PUBLIC is false (production), see phaodai.api.docs.
urlpatterns = [
    path("schema/", public(SchemaView.as_view()), name="schema"),
    path("docs/", public(DocsView.as_view(url_name="api:schema")), name="docs"),
]
