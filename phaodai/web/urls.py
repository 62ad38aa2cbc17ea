from django.urls import path

from phaodai.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ngon-ngu", views.set_language, name="set_language"),
]
