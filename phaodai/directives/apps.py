from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "phaodai.directives"
    label = "directives"
    verbose_name = "Văn bản chỉ đạo và nhiệm vụ"
    url_prefix = "chi-dao/"
