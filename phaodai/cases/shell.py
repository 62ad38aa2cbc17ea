"""The cases app in the page shell: menu entries, the home card (from counts), the person timeline."""

from django.utils.translation import gettext_lazy as _

from phaodai.cases.figures import home_figures, person_timeline
from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, TimelineSource

NAV = [
    NavEntry(
        label=_("Ca bệnh F0"),
        url_name="cases:case_list",
        capability=Capability.VIEW_CASES,
        active_on=(
            "cases:case_list",
            "cases:case_detail",
            "cases:case_create",
            "cases:case_edit",
            "cases:case_transfer",
        ),
        order=200,
    ),
    NavEntry(
        label=_("Việc đến hạn"),
        url_name="cases:due",
        capability=Capability.VIEW_CASES,
        active_on=("cases:due",),
        order=205,
    ),
    NavEntry(
        label=_("Cơ sở điều trị"),
        url_name="cases:facility_list",
        capability=Capability.VIEW_FACILITIES,
        active_on=(
            "cases:facility_list",
            "cases:facility_detail",
            "cases:facility_create",
            "cases:facility_edit",
        ),
        order=210,
    ),
]
HOME_CARDS = [
    HomeCard(
        name="cases",
        template="cases/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_CASES,
        order=200,
    )
]
PERSON_TIMELINE = [
    TimelineSource(name="cases", entries=person_timeline, capability=Capability.VIEW_CASES, order=200),
]
