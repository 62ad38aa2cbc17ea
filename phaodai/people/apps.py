from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "phaodai.people"
    label = "people"
    verbose_name = "Nhân khẩu"
    nav_section = "residents"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "nhan-khau/"
