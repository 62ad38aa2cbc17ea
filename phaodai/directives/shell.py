"""The directives app in the page shell: its menu entries, its home card, and the overdue tasks on
every unit page (for the unit and each child)."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, UnitFigure
from phaodai.directives.selectors import home_figures, overdue_tasks_by_child

NAV = [
    NavEntry(
        label=_("Văn bản chỉ đạo"),
        url_name="directives:directive_list",
        capability=Capability.VIEW_DIRECTIVES,
        active_on=(
            "directives:directive_list",
            "directives:directive_detail",
            "directives:directive_create",
            "directives:directive_edit",
            "directives:task_assign",
        ),
        order=300,
    ),
    NavEntry(
        label=_("Nhiệm vụ được giao"),
        url_name="directives:task_inbox",
        capability=Capability.VIEW_DIRECTIVES,
        active_on=(
            "directives:task_inbox",
            "directives:task_detail",
            "directives:task_progress",
            "directives:task_complete",
            "directives:task_pass_down",
        ),
        order=310,
    ),
    NavEntry(
        label=_("Kết quả thực hiện nhiệm vụ"),
        url_name="directives:compliance",
        capability=Capability.VIEW_DIRECTIVES,
        active_on=("directives:compliance",),
        order=320,
    ),
]
HOME_CARDS = [
    HomeCard(
        name="directives",
        template="directives/_home_card.html",
        figures=home_figures,
        capability=Capability.VIEW_DIRECTIVES,
        order=300,
    )
]
UNIT_FIGURES = [
    UnitFigure(
        name="tasks_overdue",
        label=_("Nhiệm vụ quá hạn"),
        note=_("Đếm từ các nhiệm vụ được giao: chưa hoàn thành mà đã quá hạn, tính đến hôm nay."),
        counts=overdue_tasks_by_child,
        url_name="directives:compliance",
        capability=Capability.VIEW_DIRECTIVES,
        order=300,
    )
]
