from django.urls import path

from phaodai.labtests import views

app_name = "labtests"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("dot/them/", views.session_create, name="session_create"),
    path("dot/<int:session_id>/", views.session_detail, name="session_detail"),
    path("dot/<int:session_id>/sua/", views.session_edit, name="session_edit"),
    path("dot/<int:session_id>/nhap/", views.entry_save, name="entry_save"),
    path("dot/<int:session_id>/mau-gop/", views.pool_create, name="pool_create"),
    path("tim-nguoi/", views.person_lookup, name="person_lookup"),
    path("mau/<int:sample_id>/xoa/", views.sample_remove, name="sample_remove"),
    path("mau/<int:sample_id>/ket-qua/", views.sample_result, name="sample_result"),
    path("mau-gop/<int:pool_id>/", views.pool_detail, name="pool_detail"),
    path("mau-gop/<int:pool_id>/them/", views.pool_member_add, name="pool_member_add"),
    path("mau-gop/<int:pool_id>/ket-qua/", views.pool_result, name="pool_result"),
    path("ket-qua/", views.result_list, name="result_list"),
    path("ket-qua/xuat/", views.result_export, name="result_export"),
    path("ket-qua/nhap/", views.result_import, name="result_import"),
    path("ket-qua/nhap/xem-truoc/", views.result_import_preview, name="result_import_preview"),
    path("ket-qua/<int:result_id>/", views.result_detail, name="result_detail"),
    path("ket-qua/<int:result_id>/sua/", views.result_edit, name="result_edit"),
    path("ket-qua/<int:result_id>/xoa/", views.result_remove, name="result_remove"),
    path("can-xet-nghiem-don/", views.follow_up_list, name="follow_up_list"),
    path("de-xuat-ca-benh/", views.proposal_list, name="proposal_list"),
    path("de-xuat-ca-benh/<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path(
        "de-xuat-ca-benh/<int:proposal_id>/khong-xac-nhan/", views.proposal_dismiss, name="proposal_dismiss"
    ),
]
