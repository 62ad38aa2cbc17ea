from django.urls import path

from phaodai.command import views

app_name = "command"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-truc/", views.on_duty_badge, name="on_duty_badge"),
    path("thanh-vien/", views.member_list, name="member_list"),
    path("thanh-vien/xuat/", views.member_export, name="member_export"),
    path("thanh-vien/<int:member_id>/sua/", views.member_edit, name="member_edit"),
    path("trung-tam/them/", views.centre_create, name="centre_create"),
    path("trung-tam/<int:centre_id>/", views.centre_detail, name="centre_detail"),
    path("trung-tam/<int:centre_id>/sua/", views.centre_edit, name="centre_edit"),
    path(
        "trung-tam/<int:centre_id>/thanh-vien/them/", views.centre_member_create, name="centre_member_create"
    ),
    path("trung-tam/<int:centre_id>/van-ban/them/", views.centre_document_add, name="centre_document_add"),
    path("trung-tam/<int:centre_id>/lich-truc/", views.roster_view, name="roster"),
    path("trung-tam/<int:centre_id>/lich-truc/lap/", views.roster_generate, name="roster_generate"),
    path("trung-tam/<int:centre_id>/lich-truc/xuat/", views.roster_export, name="roster_export"),
    path("trung-tam/<int:centre_id>/ca/them/", views.shift_create, name="shift_create"),
    path("ca/<int:shift_id>/sua/", views.shift_edit, name="shift_edit"),
    path("ca/<int:shift_id>/doi/", views.shift_swap, name="shift_swap"),
    path("ban-chi-dao/them/", views.committee_create, name="committee_create"),
    path("ban-chi-dao/<int:committee_id>/", views.committee_detail, name="committee_detail"),
    path("ban-chi-dao/<int:committee_id>/sua/", views.committee_edit, name="committee_edit"),
    path(
        "ban-chi-dao/<int:committee_id>/thanh-vien/them/",
        views.committee_member_create,
        name="committee_member_create",
    ),
    path(
        "ban-chi-dao/<int:committee_id>/van-ban/them/",
        views.committee_document_add,
        name="committee_document_add",
    ),
    path("van-ban/<int:document_id>/", views.document_download, name="document_download"),
]
