from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "phaodai.jobs"
    label = "jobs"
    verbose_name = "Việc chạy nền"
    url_prefix = "viec/"
