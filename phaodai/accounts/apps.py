from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phaodai.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
    url_prefix = ""
