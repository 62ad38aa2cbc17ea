from django.urls import path

from phaodai.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.rule_set_list, name="list"),
    path("them/", views.rule_set_create, name="create"),
    path("<str:rule_code>/", views.rule_set_detail, name="detail"),
    path("<str:rule_code>/sua/", views.rule_set_edit, name="edit"),
]
