from django.urls import path

from phaodai.requests_desk import views

app_name = "requests_desk"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("them/", views.request_create, name="create"),
    path("xuat/", views.request_export, name="export"),
    path("<int:request_id>/", views.request_detail, name="detail"),
    path("<int:request_id>/giao/", views.request_assign, name="assign"),
    path("<int:request_id>/bat-dau/", views.request_start, name="start"),
    path("<int:request_id>/lien-ket/", views.request_link_person, name="link_person"),
    path("<int:request_id>/giai-quyet/", views.request_resolve, name="resolve"),
    # Public (no login): the form, looking up a receipt, the receipt.
    path("gui/", views.public_form, name="public_form"),
    path("tra-cuu/", views.public_lookup, name="public_lookup"),
    path("bien-nhan/<str:receipt_code>/", views.public_receipt, name="receipt"),
]
