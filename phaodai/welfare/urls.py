from django.urls import path

from phaodai.welfare import views

app_name = "welfare"

urlpatterns = [
    path("", views.vulnerable_list, name="vulnerable_list"),
    path("xuat/", views.vulnerable_export, name="vulnerable_export"),
    path("ho/danh-dau/", views.vulnerable_create, name="vulnerable_create"),
    path("ho/<int:vulnerable_id>/", views.vulnerable_detail, name="vulnerable_detail"),
    path("ho/<int:vulnerable_id>/sua/", views.vulnerable_edit, name="vulnerable_edit"),
    path("hang/", views.package_list, name="package_list"),
    path("hang/them/", views.package_create, name="package_create"),
    path("hang/<int:package_id>/", views.package_detail, name="package_detail"),
    path("hang/<int:package_id>/nhap/", views.package_receive, name="package_receive"),
    path("phat/", views.delivery_create, name="delivery_create"),
]
