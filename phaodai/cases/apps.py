from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "phaodai.cases"
    label = "cases"
    verbose_name = "Ca bệnh F0"
    nav_section = "health"  # its menu entries' heading (core.shell.NAV_SECTIONS)
    url_prefix = "ca-benh/"

    def ready(self) -> None:
        from phaodai.cases.services import case_person_merged
        from phaodai.people.hooks import on_person_merged

        on_person_merged("cases.Case.person", case_person_merged)
