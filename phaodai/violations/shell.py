"""The violations app in the page shell: its menu entry and its home card."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry
from phaodai.violations.selectors import home_figures

NAV = [
    NavEntry(
        label=_("Vi phạm"),
        url_name="violations:violation_list",
        capability=Capability.VIEW_VIOLATIONS,
        active_on=("violations:",),
        order=400,
    )
]
HOME_CARDS = [
    HomeCard(
        name="violations",
        template="violations/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_VIOLATIONS,
        order=400,
    )
]
