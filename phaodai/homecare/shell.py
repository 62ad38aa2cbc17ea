"""The home-care app in the page shell: its menu entry."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import NavEntry, PersonPanel, TimelineSource
from phaodai.homecare.figures import person_panel, person_timeline

NAV = [
    NavEntry(
        label=_("Theo dõi F0 tại nhà"),
        url_name="homecare:board",
        capability=Capability.VIEW_HOMECARE,
        active_on=("homecare:",),
        order=320,
    )
]
PERSON_TIMELINE = [
    TimelineSource(name="homecare", entries=person_timeline, capability=Capability.VIEW_HOMECARE, order=300),
]
PERSON_PANELS = [
    PersonPanel(
        name="homecare",
        template="homecare/_person_panel.html",
        figures=person_panel,
        capability=Capability.VIEW_HOMECARE,
        order=300,
    )
]
