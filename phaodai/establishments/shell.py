"""The establishments app in the page shell: its menu entry, its home card, and on a resident's
page and on their case's page where they work or study (``core.shell.PERSON_PANELS``,
``CASE_PANELS``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import CasePanel, HomeCard, NavEntry, PersonPanel
from phaodai.establishments.selectors import home_figures, person_workplaces


def person_panel(*, user: Any, person: Any) -> dict[str, Any]:
    """The workplaces and schools of a person's page (those the user may see)."""
    return {"workplaces": list(person_workplaces(user=user, person=person)[:20])}


def case_panel(*, user: Any, case: Any) -> dict[str, Any]:
    """The same list on an F0 case's page: where the case's person works or studies (the close
    contacts to look for), those the user may see."""
    return person_panel(user=user, person=case.person)


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
CASE_PANELS = [
    CasePanel(
        name="establishments",
        template="establishments/_person_panel.html",
        figures=case_panel,
        capability=Capability.VIEW_ESTABLISHMENTS,
        order=390,
    ),
]
