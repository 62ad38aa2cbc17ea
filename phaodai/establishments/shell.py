"""The establishments app in the page shell: its menu entry and its home card."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry
from phaodai.establishments.selectors import home_figures

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
