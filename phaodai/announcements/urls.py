from django.urls import path

from phaodai.announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.announcement_list, name="announcement_list"),
    path("soan/", views.announcement_create, name="announcement_create"),
    path("xuat/", views.announcement_export, name="announcement_export"),
    path("<int:announcement_id>/", views.announcement_detail, name="announcement_detail"),
    path("<int:announcement_id>/sua/", views.announcement_edit, name="announcement_edit"),
    path("<int:announcement_id>/gui-duyet/", views.announcement_submit, name="announcement_submit"),
    path("<int:announcement_id>/duyet/", views.announcement_approve, name="announcement_approve"),
    path("<int:announcement_id>/phat/", views.announcement_publish, name="announcement_publish"),
    path("<int:announcement_id>/thu-hoi/", views.announcement_withdraw, name="announcement_withdraw"),
    path(
        "<int:announcement_id>/tao-am-thanh/", views.announcement_make_audio, name="announcement_make_audio"
    ),
    path("<int:announcement_id>/ban-doc/", views.announcement_script, name="announcement_script"),
    path("<int:announcement_id>/am-thanh/", views.announcement_audio, name="announcement_audio"),
    path("thong-tin/<int:unit_id>/", views.situation_edit, name="situation_edit"),
    path("noi-xet-nghiem/them/", views.service_place_create, name="service_place_create"),
    path("noi-xet-nghiem/<int:service_place_id>/", views.service_place_edit, name="service_place_edit"),
    path("cong-khai/<int:unit_id>/", views.public_situation_page, name="public_situation"),
    path("cong-khai/thong-bao/<int:announcement_id>/am-thanh/", views.public_audio, name="public_audio"),
]
