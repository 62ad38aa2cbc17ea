"""Version 1 of the API: each app contributes the routes in its own ``api_urls.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("phaodai.api.auth_urls")),
    path("", include("phaodai.areas.api_urls")),
    path("", include("phaodai.people.api_urls")),
]
