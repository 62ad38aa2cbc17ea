from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "phaodai.rules"
    label = "rules"
    verbose_name = "Quy định chuyên môn"
    url_prefix = "quy-dinh/"
