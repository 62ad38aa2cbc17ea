"""The announcements app in the page shell: its menu entry and its home card."""

from django.utils.translation import gettext_lazy as _

from phaodai.announcements.selectors import home_figures
from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry

NAV = [
    NavEntry(
        label=_("Thông báo"),
        url_name="announcements:announcement_list",
        capability=Capability.VIEW_ANNOUNCEMENTS,
        active_on=("announcements:",),
        order=410,
    )
]
HOME_CARDS = [
    HomeCard(
        name="announcements",
        template="announcements/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_ANNOUNCEMENTS,
        order=410,
    )
]
