"""The cases app in the page shell: menu entries, the home card (from counts), the person timeline,
and the "confirm as a case" button of the labtests proposal pages (``PROPOSAL_ACTIONS``)."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from phaodai.cases.enums import CaseStatus
from phaodai.cases.figures import home_figures
from phaodai.cases.selectors import active_cases_for_user, cases_of_person
from phaodai.core.access import has_capability
from phaodai.core.roles import Capability
from phaodai.core.shell import (
    HomeCard,
    NavEntry,
    PersonPanel,
    ProposalAction,
    TimelineEntry,
    TimelineSource,
)


def person_timeline(*, user: Any, person: Any) -> Iterator[TimelineEntry]:
    """The person's cases as timeline lines: confirmation, each severity step, each care setting, the outcome."""
    for case in cases_of_person(user, person.pk):
        url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
        yield TimelineEntry(
            on=case.confirmed_on,
            label=gettext_lazy("Khẳng định ca bệnh F0"),
            detail=case.get_how_found_display(),
            url=url,
            order=10,
        )
        for change in case.severity_changes.all():
            yield TimelineEntry(
                on=change.on,
                label=gettext_lazy("Mức độ: %(s)s") % {"s": change.get_severity_display()},
                detail=change.reason,
                url=url,
                order=20,
            )
        for episode in case.care_episodes.all():
            where = episode.facility.name if episode.facility is not None else episode.get_setting_display()
            yield TimelineEntry(
                on=episode.started_on,
                label=gettext_lazy("Nơi điều trị: %(w)s") % {"w": where},
                detail=episode.reason,
                url=url,
                order=30,
            )
        if case.status != CaseStatus.ACTIVE and case.outcome_on is not None:
            yield TimelineEntry(
                on=case.outcome_on,
                label=case.get_status_display(),
                detail=case.burial_note,
                url=url,
                order=90,
            )


def person_panel(*, user: Any, person: Any) -> dict[str, Any]:
    """The cases block of a person's page: the open case, or a way to add one."""
    open_case = active_cases_for_user(user).filter(person_id=person.pk).order_by("-confirmed_on").first()
    return {
        "person": person,
        "open_case": open_case,
        "can_add": has_capability(user, Capability.EDIT_CASES)
        and open_case is None
        and person.merged_into_id is None,
    }


NAV = [
    NavEntry(
        label=gettext_lazy("Ca bệnh F0"),
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
        label=gettext_lazy("Việc đến hạn"),
        url_name="cases:due",
        capability=Capability.VIEW_CASES,
        active_on=("cases:due",),
        order=205,
    ),
    NavEntry(
        label=gettext_lazy("Cơ sở điều trị"),
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
PERSON_PANELS = [
    PersonPanel(
        name="cases",
        template="cases/_person_panel.html",
        figures=person_panel,
        capability=Capability.VIEW_CASES,
        order=200,
    ),
]
PERSON_TIMELINE = [
    TimelineSource(name="cases", entries=person_timeline, capability=Capability.VIEW_CASES, order=200),
]
# The labtests proposal pages offer "confirm as a case" to health officers (core.shell hook).
PROPOSAL_ACTIONS = [
    ProposalAction(
        name="confirm_case",
        label=gettext_lazy("Khẳng định ca bệnh"),
        url_name="cases:case_confirm",
        capability=Capability.CONFIRM_CASES,
        order=100,
    ),
]
