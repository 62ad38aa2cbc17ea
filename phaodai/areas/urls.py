from django.urls import path

from phaodai.areas import views

app_name = "areas"

urlpatterns = [
    path("", views.index, name="index"),
    path("tim-kiem/", views.search, name="search"),
    path("<int:unit_id>/", views.detail, name="detail"),
]
