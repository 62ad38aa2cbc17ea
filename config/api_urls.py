"""Version 1 of the API, assembled from each app's ``api_urls.py`` (``core.plugins``).

``/api/schema/`` and ``/api/docs/`` come from the API plumbing (``phaodai.api.urls``); every
endpoint comes from the app that owns its resource, found among the installed apps, so a
new app's endpoints appear without editing another app.
"""

from django.urls import include, path

from phaodai.core.plugins import app_modules

app_name = "api"

urlpatterns = [
    path("", include("phaodai.api.urls")),
    path("v1/", include([path("", include(module.__name__)) for _config, module in app_modules("api_urls")])),
]
