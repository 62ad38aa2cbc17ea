from django.urls import path

from phaodai.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("them/", views.person_create, name="create"),
    path("them/kiem-tra/", views.person_validate_field, name="validate_field"),
    path("them/trung/", views.person_check_duplicates, name="check_duplicates"),
    path("xuat/", views.person_export, name="export"),
    path("nhap/", views.person_import, name="import"),
    path("nhap/xem-truoc/", views.person_import_preview, name="import_preview"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/sua/", views.person_edit, name="edit"),
    path("<int:person_id>/lich-su/", views.person_history, name="history"),
    path("trung-lap/", views.duplicate_list, name="duplicates"),
    path("trung-lap/<int:candidate_id>/bo-qua/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("gop/<int:first_id>/<int:second_id>/", views.person_merge, name="merge"),
    path("ho/", views.household_list, name="household_list"),
    path("ho/them/", views.household_create, name="household_create"),
    path("ho/<int:household_id>/", views.household_detail, name="household_detail"),
    path("ho/<int:household_id>/sua/", views.household_edit, name="household_edit"),
    path("to-lien-gia/", views.liaison_group_list, name="liaison_group_list"),
    path("to-lien-gia/them/", views.liaison_group_create, name="liaison_group_create"),
    path("to-lien-gia/<int:group_id>/", views.liaison_group_detail, name="liaison_group_detail"),
    path("to-lien-gia/<int:group_id>/sua/", views.liaison_group_edit, name="liaison_group_edit"),
]
