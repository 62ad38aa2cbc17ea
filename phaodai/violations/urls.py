from django.urls import path

from phaodai.violations import views

app_name = "violations"

urlpatterns = [
    path("", views.violation_list, name="violation_list"),
    path("them/", views.violation_create, name="violation_create"),
    path("xuat/", views.violation_export, name="violation_export"),
    path("<int:violation_id>/", views.violation_detail, name="violation_detail"),
    path("<int:violation_id>/sua/", views.violation_edit, name="violation_edit"),
    path("<int:violation_id>/chung-cu/", views.evidence_add, name="evidence_add"),
    path("chung-cu/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
