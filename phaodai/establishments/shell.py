"""The establishments app in the page shell: its menu entry, its home card, and on a resident's
page where they work or study (``core.shell.PERSON_PANELS``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, PersonPanel
from phaodai.establishments.selectors import home_figures, person_workplaces


def person_panel(*, user: Any, person: Any) -> dict[str, Any]:
    """The workplaces and schools of a person's page (those the user may see)."""
    return {"workplaces": list(person_workplaces(user=user, person=person)[:20])}


NAV = [
    NavEntry(
        label=_("Cơ sở, trường học"),
        url_name="establishments:establishment_list",
        capability=Capability.VIEW_ESTABLISHMENTS,
        active_on=("establishments:",),
        order=390,
    )
]
HOME_CARDS = [
    HomeCard(
        name="establishments",
        template="establishments/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_ESTABLISHMENTS,
        order=390,
    )
]
PERSON_PANELS = [
    PersonPanel(
        name="establishments",
        template="establishments/_person_panel.html",
        figures=person_panel,
        capability=Capability.VIEW_ESTABLISHMENTS,
        order=390,
    ),
]
