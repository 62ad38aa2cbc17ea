from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "phaodai.people"
    label = "people"
    verbose_name = "Nhân khẩu"
    url_prefix = "nhan-khau/"
