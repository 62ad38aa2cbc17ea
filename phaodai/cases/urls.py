from django.urls import path

from phaodai.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("them/", views.case_create, name="case_create"),
    path("xuat/", views.case_export, name="case_export"),
    path("den-han/", views.case_due, name="due"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/sua/", views.case_edit, name="case_edit"),
    path("<int:case_id>/muc-do/", views.case_severity, name="case_severity"),
    path("<int:case_id>/chuyen/", views.case_transfer, name="case_transfer"),
    path("<int:case_id>/ket-thuc/", views.case_close, name="case_close"),
    path("<int:case_id>/xoa/", views.case_delete, name="case_delete"),
    path("khang-dinh/<int:proposal_id>/", views.case_confirm, name="case_confirm"),
    path("co-so/", views.facility_list, name="facility_list"),
    path("co-so/them/", views.facility_create, name="facility_create"),
    path("co-so/<int:facility_id>/", views.facility_detail, name="facility_detail"),
    path("co-so/<int:facility_id>/sua/", views.facility_edit, name="facility_edit"),
]
