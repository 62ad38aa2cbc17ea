from django.urls import path

from phaodai.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/huy/", views.job_cancel, name="cancel"),
    path("<int:job_id>/chay-lai/", views.job_retry, name="retry"),
    path("<int:job_id>/tai-ve/", views.job_download, name="download"),
]
