"""The testing app in the page shell: menu entries and the home card."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core.roles import Capability
from phaodai.core.shell import HomeCard, NavEntry, TimelineEntry, TimelineSource
from phaodai.labtests.selectors import home_figures, proposals_for_user, results_of_person

NAV = [
    NavEntry(
        label=gettext_lazy("Xét nghiệm"),
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
        label=gettext_lazy("Kết quả xét nghiệm"),
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
        label=gettext_lazy("Cần xét nghiệm đơn"),
        url_name="labtests:follow_up_list",
        capability=Capability.VIEW_TESTS,
        active_on=("labtests:follow_up_list",),
        order=210,
    ),
    NavEntry(
        label=gettext_lazy("Đề xuất ca bệnh"),
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


def person_test_entries(*, user: Any, person: Any) -> Iterable[TimelineEntry]:
    """The person's tests on their page's health timeline (``core.shell.PERSON_TIMELINE``)."""
    for result in results_of_person(user, person)[:PERSON_RESULTS_SHOWN]:
        detail = [str(result.get_kind_display())]
        if result.ct_value is not None:
            detail.append(f"Ct {result.ct_value}")
        if result.lab:
            detail.append(result.lab)
        if result.pool_id:
            detail.append(str(_("mẫu gộp")))
        yield TimelineEntry(
            on=result.sampled_on,
            label=_("Xét nghiệm: %(result)s") % {"result": result.get_result_display()},
            detail=" · ".join(detail),
            url=reverse("labtests:result_detail", kwargs={"result_id": result.pk}),
            order=10,
        )
    for proposal in (
        proposals_for_user(user, status="")
        .filter(person=person)
        .prefetch_related(None)[:PERSON_RESULTS_SHOWN]
    ):
        yield TimelineEntry(
            on=proposal.first_positive_on,
            label=_("Đề xuất ca bệnh: %(status)s") % {"status": proposal.get_status_display()},
            detail=str(proposal.criterion or proposal.missing),
            url=reverse("labtests:proposal_detail", kwargs={"proposal_id": proposal.pk}),
            order=20,
        )


PERSON_RESULTS_SHOWN = 50
PERSON_TIMELINE = [
    TimelineSource(name="labtests", entries=person_test_entries, capability=Capability.VIEW_TESTS, order=100)
]
