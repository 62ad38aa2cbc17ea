"""The home-care app in the page shell: its menu entry, and what it adds to a resident's page
(``core.shell`` PERSON_TIMELINE / PERSON_PANELS), read through the home-care selectors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.core.roles import Capability
from phaodai.core.shell import NavEntry, PersonPanel, TimelineEntry, TimelineSource
from phaodai.homecare.models import MonitoringEntry
from phaodai.homecare.selectors import entries_of_person, missed_of_person

PANEL_ENTRIES = 6


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
