from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "phaodai.core"
    label = "core"
    verbose_name = "Lõi"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.db.models import Field

        from phaodai.core.checks import scoped_models_check, shared_cache_check
        from phaodai.core.logins import count_failed_login
        from phaodai.core.lookups import AnyOf

        Field.register_lookup(AnyOf)
        checks.register(scoped_models_check, checks.Tags.models)
        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
        # Every failed login, from any page or endpoint, counts against its address.
        user_login_failed.connect(count_failed_login, dispatch_uid="phaodai.core.logins")
