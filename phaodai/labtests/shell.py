"""The testing app in the page shell: menu entries and the home card."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry
from phaodai.labtests.selectors import home_figures

NAV = [
    NavEntry(
        label=_("Xét nghiệm"),
        url_name="labtests:session_list",
        capability=Capability.VIEW_TESTS,
        active_on=(
            "labtests:session_list",
            "labtests:session_create",
            "labtests:session_detail",
            "labtests:session_edit",
            "labtests:pool_detail",
        ),
        order=200,
    ),
    NavEntry(
        label=_("Kết quả xét nghiệm"),
        url_name="labtests:result_list",
        capability=Capability.VIEW_TESTS,
        active_on=(
            "labtests:result_list",
            "labtests:result_detail",
            "labtests:result_edit",
            "labtests:result_import",
            "labtests:result_export",
        ),
        order=205,
    ),
    NavEntry(
        label=_("Cần xét nghiệm đơn"),
        url_name="labtests:follow_up_list",
        capability=Capability.VIEW_TESTS,
        active_on=("labtests:follow_up_list",),
        order=210,
    ),
    NavEntry(
        label=_("Đề xuất ca bệnh"),
        url_name="labtests:proposal_list",
        capability=Capability.VIEW_TESTS,
        active_on=("labtests:proposal_list", "labtests:proposal_detail"),
        order=215,
    ),
]
HOME_CARDS = [
    HomeCard(
        name="labtests",
        template="labtests/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_TESTS,
        order=200,
    )
]
