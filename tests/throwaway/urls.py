from django.urls import path

from tests.throwaway import views

app_name = "throwaway"

urlpatterns = [
    path("", views.note_list, name="list"),
    path("<int:note_id>/", views.note_detail, name="detail"),
]
