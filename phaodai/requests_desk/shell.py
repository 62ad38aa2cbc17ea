"""The request desk in the page shell: its menu entry and its home card."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry
from phaodai.requests_desk.selectors import home_figures

NAV = [
    NavEntry(
        label=_("Yêu cầu của dân"),
        url_name="requests_desk:list",
        capability=Capability.VIEW_REQUESTS,
        active_on=("requests_desk:",),
        order=300,
    )
]
HOME_CARDS = [
    HomeCard(
        name="requests_desk",
        template="requests_desk/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_REQUESTS,
        order=300,
    )
]
