from django.urls import path

from phaodai.homecare import views

app_name = "homecare"

urlpatterns = [
    path("", views.board, name="board"),
    path("ca/<int:case_id>/", views.case_sheet, name="case_sheet"),
    path("ca/<int:case_id>/ghi/", views.entry_create, name="entry_create"),
    path("ca/<int:case_id>/duong-dan/", views.link_create, name="link_create"),
    path("ca/<int:case_id>/duong-dan/ma-qr/", views.link_qr, name="link_qr"),
    path("phieu/<int:entry_id>/sua/", views.entry_edit, name="entry_edit"),
    path("duong-dan/<int:link_id>/thu-hoi/", views.link_revoke, name="link_revoke"),
    path("phieu-cua-toi/<int:case_id>/<str:token>/", views.public_entry, name="public_entry"),
]
