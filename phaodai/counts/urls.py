from django.urls import path

from phaodai.counts import views

app_name = "counts"

urlpatterns = [path("", views.figures, name="figures")]
