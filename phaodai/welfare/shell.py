"""Welfare in the page shell: its menu entry and the home card ("nobody goes hungry")."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry
from phaodai.welfare.selectors import home_figures

NAV = [
    NavEntry(
        label=_("An sinh"),
        url_name="welfare:vulnerable_list",
        capability=Capability.VIEW_WELFARE,
        active_on=("welfare:",),
        order=310,
    )
]
HOME_CARDS = [
    HomeCard(
        name="welfare",
        template="welfare/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_WELFARE,
        order=310,
    )
]
