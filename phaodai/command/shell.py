"""The command app in the page shell: its menu entries (one shows who is on duty now to a
centre's staff) and its home card."""

from django.utils.translation import gettext_lazy as _

from phaodai.command.selectors import home_figures
from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry

NAV = [
    NavEntry(
        label=_("Chỉ huy, trực ban"),
        url_name="command:home",
        capability=Capability.VIEW_COMMAND,
        active_on=("command:",),
        order=300,
        # Who is on duty now at the user's centre, with their phone: fetched after the page loads.
        badge_url="command:on_duty_badge",
    ),
]
HOME_CARDS = [
    HomeCard(
        name="command",
        template="command/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_COMMAND,
        order=300,
    )
]
