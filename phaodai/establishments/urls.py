from django.urls import path

from phaodai.establishments import views

app_name = "establishments"

urlpatterns = [
    path("", views.establishment_list, name="establishment_list"),
    path("them/", views.establishment_create, name="establishment_create"),
    path("xuat/", views.establishment_export, name="establishment_export"),
    path("tieu-chi/", views.checklist, name="checklist"),
    path("<int:establishment_id>/", views.establishment_detail, name="establishment_detail"),
    path("<int:establishment_id>/sua/", views.establishment_edit, name="establishment_edit"),
    path("<int:establishment_id>/hoat-dong/", views.establishment_operation, name="establishment_operation"),
    path("<int:establishment_id>/nguoi/them/", views.member_add, name="member_add"),
    path("<int:establishment_id>/kiem-tra/them/", views.inspection_create, name="inspection_create"),
    path("nguoi/<int:worker_id>/", views.member_edit, name="member_edit"),
    path("kiem-tra/<int:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("kiem-tra/<int:inspection_id>/khac-phuc/", views.inspection_follow_up, name="inspection_follow_up"),
]
