"""The home-care app in the page shell: its menu entry."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import NavEntry

NAV = [
    NavEntry(
        label=_("Theo dõi F0 tại nhà"),
        url_name="homecare:board",
        capability=Capability.VIEW_HOMECARE,
        active_on=("homecare:",),
        order=320,
    )
]
