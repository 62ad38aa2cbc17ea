from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "phaodai.welfare"
    label = "welfare"
    verbose_name = "An sinh xã hội khi giãn cách"
    url_prefix = "an-sinh/"
