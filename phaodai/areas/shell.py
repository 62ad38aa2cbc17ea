"""The areas app in the page shell: the menu entry and the home page's link to the unit pages."""

from django.utils.translation import gettext_lazy as _

from phaodai.areas.selectors import home_card_unit
from phaodai.core.shell import HomeCard, NavEntry

NAV = [
    NavEntry(label=_("Địa bàn"), url_name="areas:index", active_on=("areas:",), keeps_unit=False, order=800)
]
HOME_CARDS = [HomeCard(name="areas", template="areas/_home_card.html", figures=home_card_unit, order=800)]
