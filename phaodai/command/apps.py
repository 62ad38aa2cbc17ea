from django.apps import AppConfig


class CommandConfig(AppConfig):
    name = "phaodai.command"
    label = "command"
    verbose_name = "Trung tâm Chỉ huy"
    nav_section = "command"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "chi-huy/"

    def ready(self) -> None:
        # Alerts meant for "the officer on duty" (alerts.services.Recipient.on_duty) are resolved
        # by this app's roster when they are sent; alerts never imports command.
        from phaodai.alerts.services import ON_DUTY, register_recipient_resolver
        from phaodai.command.selectors import on_duty_contacts

        register_recipient_resolver(ON_DUTY, on_duty_contacts)
