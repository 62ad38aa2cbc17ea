from django.urls import path

from phaodai.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("dem/", views.alert_badge, name="badge"),
    path("<int:delivery_id>/mo/", views.alert_open, name="open"),
    path("<int:delivery_id>/xac-nhan/", views.alert_acknowledge, name="acknowledge"),
]
