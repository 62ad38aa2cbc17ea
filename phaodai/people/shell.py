"""The people app in the page shell: its menu entries and its home card."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, UnitFigure
from phaodai.people.selectors import home_figures, registered_residents_by_child

NAV = [
    NavEntry(
        label=pgettext_lazy("nav", "Nhân khẩu"),
        url_name="people:list",
        capability=Capability.VIEW_PEOPLE,
        active_on=("people:list", "people:detail", "people:create", "people:edit", "people:history"),
        order=100,
    ),
    NavEntry(
        label=pgettext_lazy("nav", "Hộ gia đình"),
        url_name="people:household_list",
        capability=Capability.VIEW_PEOPLE,
        active_on=(
            "people:household_list",
            "people:household_detail",
            "people:household_create",
            "people:household_edit",
        ),
        order=110,
    ),
    NavEntry(
        label=_("Tổ liên gia"),
        url_name="people:liaison_group_list",
        capability=Capability.VIEW_PEOPLE,
        active_on=(
            "people:liaison_group_list",
            "people:liaison_group_detail",
            "people:liaison_group_create",
            "people:liaison_group_edit",
        ),
        order=115,
    ),
    NavEntry(
        label=_("Trùng lặp"),
        url_name="people:duplicates",
        capability=Capability.MERGE_PEOPLE,
        active_on=("people:duplicates", "people:merge"),
        order=120,
    ),
]
HOME_CARDS = [
    HomeCard(
        name="people",
        template="people/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_PEOPLE,
        order=100,
    )
]
UNIT_FIGURES = [
    UnitFigure(
        name="registered_residents",
        label=_("Nhân khẩu đăng ký hiện nay"),
        note=_("Đếm trực tiếp từ sổ nhân khẩu: mọi hồ sơ còn hiệu lực, kể cả người đang ở nơi khác."),
        counts=registered_residents_by_child,
        url_name="people:list",
        capability=Capability.VIEW_PEOPLE,
        order=100,
    )
]
