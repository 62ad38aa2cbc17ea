from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("phaodai.web.urls")),
    path("", include("phaodai.accounts.urls")),
    path("dia-ban/", include("phaodai.areas.urls")),
    path("nhan-khau/", include("phaodai.people.urls")),
    path("api/", include("phaodai.api.urls")),
    path("admin/", admin.site.urls),
]
