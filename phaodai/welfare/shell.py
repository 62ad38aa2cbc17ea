"""Welfare in the page shell: menu entries, the home card ("nobody goes hungry"), a unit figure."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, UnitFigure
from phaodai.welfare.selectors import home_figures, reached_by_child, vulnerable_by_child

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
UNIT_FIGURES = [
    UnitFigure(
        name="welfare_vulnerable",
        label=_("Hộ khó khăn đang được theo dõi"),
        note=_("Hộ trong sổ nhân khẩu được xã đánh dấu là khó khăn và đang cần hỗ trợ."),
        counts=vulnerable_by_child,
        url_name="welfare:vulnerable_list",
        capability=Capability.VIEW_WELFARE,
        order=310,
    ),
    UnitFigure(
        name="welfare_reached",
        label=_("Hộ khó khăn được hỗ trợ gần đây"),
        note=_(
            "Không để ai thiếu đói: hộ khó khăn đã nhận hỗ trợ trong số ngày đặt ở PHAODAI_WELFARE_REACHED_DAYS"
            " (mặc định 7), đếm từ các lần phát hàng."
        ),
        counts=reached_by_child,
        url_name="welfare:vulnerable_list",
        capability=Capability.VIEW_WELFARE,
        order=311,
    ),
]
