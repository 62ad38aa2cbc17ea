from django.apps import AppConfig


class ThrowawayConfig(AppConfig):
    """A throwaway app written in the tests: it plugs in by being installed, editing no other app."""

    name = "tests.throwaway"
    label = "throwaway"
    verbose_name = "Ứng dụng thử"
    default_auto_field = "django.db.models.BigAutoField"
    url_prefix = "thu-nghiem/"
    plugs_in = True  # an app outside the project package that takes part like one (core.plugins)

    def ready(self) -> None:
        from phaodai.people.hooks import on_person_merged
        from tests.throwaway.services import note_person_merged

        on_person_merged("throwaway.FieldNote.person", note_person_merged)
