from django.urls import path

from phaodai.directives import views

app_name = "directives"

urlpatterns = [
    path("", views.directive_list, name="directive_list"),
    path("them/", views.directive_create, name="directive_create"),
    path("<int:directive_id>/", views.directive_detail, name="directive_detail"),
    path("<int:directive_id>/sua/", views.directive_edit, name="directive_edit"),
    path("<int:directive_id>/tep/", views.directive_file, name="directive_file"),
    path("<int:directive_id>/giao-nhiem-vu/", views.task_assign, name="task_assign"),
    path("nhiem-vu/", views.task_inbox, name="task_inbox"),
    path("nhiem-vu/<int:task_id>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:task_id>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:task_id>/tiep-nhan/", views.task_acknowledge, name="task_acknowledge"),
    path("nhiem-vu/<int:task_id>/tien-do/", views.task_progress, name="task_progress"),
    path("nhiem-vu/<int:task_id>/hoan-thanh/", views.task_complete, name="task_complete"),
    path("nhiem-vu/<int:task_id>/giao-tiep/", views.task_pass_down, name="task_pass_down"),
    path("bao-cao/<int:report_id>/tep/", views.report_file, name="report_file"),
    path("ket-qua/", views.compliance, name="compliance"),
    path("ket-qua/xuat/", views.compliance_export, name="compliance_export"),
]
