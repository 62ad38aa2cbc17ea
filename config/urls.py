"""The project's URLs: each app's pages under the ``url_prefix`` its ``AppConfig`` declares.

An app with a ``urls.py`` and a ``url_prefix`` ("nhan-khau/", or "" for top-level pages)
plugs in here without any other app naming it (``core.plugins``); the API is assembled the
same way in ``config/api_urls.py``.
"""

from django.contrib import admin
from django.urls import include, path

from phaodai.core.plugins import app_modules

urlpatterns = [
    *(
        path(prefix, include(module.__name__))
        for config, module in app_modules("urls")
        if (prefix := getattr(config, "url_prefix", None)) is not None
    ),
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

# The project's own error pages (Vietnamese, phone-sized, a way back; JSON under /api/).
handler400 = "phaodai.web.views.bad_request"
handler403 = "phaodai.web.views.forbidden"
handler404 = "phaodai.web.views.not_found"
handler500 = "phaodai.web.views.server_error"
