from django.apps import AppConfig


class RequestsDeskConfig(AppConfig):
    name = "phaodai.requests_desk"
    label = "requests_desk"
    verbose_name = "Tiếp nhận yêu cầu của người dân"
    nav_section = "command"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "yeu-cau/"
