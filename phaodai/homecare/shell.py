"""The home-care app in the page shell: its menu entry, what it adds to a resident's page
(``core.shell`` PERSON_TIMELINE / PERSON_PANELS) and to a case's page (CASE_PANELS), read
through the home-care selectors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core.access import has_capability
from phaodai.core.roles import Capability
from phaodai.core.shell import CasePanel, NavEntry, PersonPanel, TimelineEntry, TimelineSource
from phaodai.homecare.models import MonitoringEntry
from phaodai.homecare.selectors import (
    entries_of_case,
    entries_of_person,
    link_state,
    links_of_case,
    missed_of_case,
    missed_of_person,
    symptom_labels,
)

PANEL_ENTRIES = 6
CASE_PANEL_ENTRIES = 10
CASE_PANEL_MISSED = 14


def _measures(entry: MonitoringEntry) -> str:
    parts = []
    if entry.spo2 is not None:
        parts.append(f"SpO2 {entry.spo2} %")
    if entry.respiratory_rate is not None:
        parts.append(_("nhịp thở %(n)s") % {"n": entry.respiratory_rate})
    if entry.pulse is not None:
        parts.append(_("mạch %(n)s") % {"n": entry.pulse})
    if entry.temperature is not None:
        parts.append(f"{entry.temperature} °C".replace(".", ","))
    return ", ".join(parts)


def person_timeline(*, user: Any, person: Any) -> Iterator[TimelineEntry]:
    """Each home-care entry (with its warning signs) and each missed half-day of the person."""
    for entry in entries_of_person(user=user, person_id=person.pk):
        url = reverse("homecare:case_sheet", kwargs={"case_id": entry.case_id})
        label = _("Theo dõi tại nhà, %(slot)s") % {"slot": entry.get_slot_display().lower()}
        detail = _measures(entry)
        if entry.signs:
            label = _("Dấu hiệu cảnh báo khi theo dõi tại nhà, %(slot)s") % {
                "slot": entry.get_slot_display().lower()
            }
            detail = "; ".join(entry.sign_reasons)
        yield TimelineEntry(
            on=entry.day, label=label, detail=detail, url=url, order=40 if entry.slot == "morning" else 41
        )
    for missed in missed_of_person(user=user, person_id=person.pk):
        yield TimelineEntry(
            on=missed.day,
            label=_("Bỏ lỡ phiếu theo dõi %(slot)s") % {"slot": missed.get_slot_display().lower()},
            url=reverse("homecare:case_sheet", kwargs={"case_id": missed.case_id}),
            order=42,
        )


def person_panel(*, user: Any, person: Any) -> dict[str, Any]:
    """The latest entries of the person's cases at home, with a link to each case's sheet."""
    entries = list(entries_of_person(user=user, person_id=person.pk, latest_first=True)[:PANEL_ENTRIES])
    case_ids = sorted({entry.case_id for entry in entries})
    return {"entries": entries, "case_ids": case_ids}


def case_panel(*, user: Any, case: Any) -> dict[str, Any]:
    """The home-care block of a case's page: the latest entries (warning signs first to the eye),
    missed half-days, the personal link's state and what health staff may do (three queries)."""
    entries = list(entries_of_case(user=user, case=case)[: CASE_PANEL_ENTRIES + 1])
    missed = list(missed_of_case(user=user, case=case)[: CASE_PANEL_MISSED + 1])
    link = links_of_case(user=user, case=case).first()
    at_home = case.status == "active" and case.care_setting == "home"
    today = timezone.localdate()
    return {
        "case": case,
        "shown": bool(entries or missed or link or case.care_setting == "home"),
        "at_home": at_home,
        "rows": [
            {"entry": entry, "symptoms": symptom_labels(entry)} for entry in entries[:CASE_PANEL_ENTRIES]
        ],
        "more_entries": len(entries) > CASE_PANEL_ENTRIES,
        "missed": missed[:CASE_PANEL_MISSED],
        "more_missed": len(missed) > CASE_PANEL_MISSED,
        "link": link,
        "link_state": link_state(link, case, today) if link is not None else None,
        # a new link only while the isolation runs (services.link_create refuses after it)
        "can_issue": at_home and (case.isolation_until is None or today <= case.isolation_until),
        "can_record": has_capability(user, Capability.RECORD_HOMECARE),
    }


NAV = [
    NavEntry(
        label=gettext_lazy("Theo dõi F0 tại nhà"),
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
CASE_PANELS = [
    CasePanel(
        name="homecare",
        template="homecare/_case_panel.html",
        figures=case_panel,
        capability=Capability.VIEW_HOMECARE,
        order=300,
    )
]
