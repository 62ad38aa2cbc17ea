"""Welfare in the page shell: its menu entry, the home card ("nobody goes hungry") and the same
figure on every unit page, for the unit and each child."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, UnitFigure
from phaodai.welfare.selectors import home_figures, reached_by_child, reached_days


def _reached_note() -> str:
    days = reached_days()
    return gettext(
        "Đếm từ các lần phát hỗ trợ: hộ khó khăn đang được theo dõi đã nhận hỗ trợ trong %(days)d ngày qua "
        "(kể cả hôm nay)."
    ) % {"days": days}


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
        name="welfare_reached",
        label=_("Hộ khó khăn đã được hỗ trợ (không để ai thiếu đói)"),
        note=lazy(_reached_note, str)(),
        counts=reached_by_child,
        url_name="welfare:vulnerable_list",
        capability=Capability.VIEW_WELFARE,
        order=310,
    )
]
