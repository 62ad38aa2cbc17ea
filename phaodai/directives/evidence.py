"""Records a report may point at as evidence, offered on the completion form.

The service accepts any scoped record of the project's apps inside the reporter's jurisdiction
(``services.evidence_record``); the form offers the records of these models in the task's unit,
when the app that has them is installed (the command centre's establishment, first of all).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from phaodai.core.access import is_scoped
from phaodai.core.queries import prefix_q

# Model labels, most useful first, with the page that shows such a record (URL name, keyword).
EVIDENCE_PAGES: dict[str, tuple[str, str]] = {
    "command.commandcentre": ("command:centre_detail", "centre_id"),
    "command.steeringcommittee": ("command:committee_detail", "committee_id"),
}
EVIDENCE_MODELS = tuple(EVIDENCE_PAGES)
CHOICES_PER_MODEL = 20


def evidence_choices(*, user: Any, path: str) -> list[tuple[str, str]]:
    """``("command.commandcentre:12", "Trung tâm Chỉ huy … (Trung tâm chỉ huy)")`` for the records
    of ``EVIDENCE_MODELS`` filed at ``path`` or below that the user may see."""
    found: list[tuple[str, str]] = []
    for label in EVIDENCE_MODELS:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if not is_scoped(model):
            continue
        manager: Any = model._default_manager
        records = (
            manager.for_user(user).filter(prefix_q("area_path", path)).order_by("pk")[:CHOICES_PER_MODEL]
        )
        kind = str(model._meta.verbose_name).capitalize()
        found.extend((f"{label}:{record.pk}", f"{kind}: {record}") for record in records)
    return found


def evidence_url(report: Any) -> str:
    """Where the evidence record's own page is (it checks the reader's jurisdiction), or ""."""
    if not report.evidence_type or report.evidence_id is None:
        return ""
    page = EVIDENCE_PAGES.get(report.evidence_type)
    if page is not None:
        try:
            return reverse(page[0], kwargs={page[1]: report.evidence_id})
        except NoReverseMatch:
            return ""
    try:
        model = apps.get_model(report.evidence_type)
    except (LookupError, ValueError):
        return ""
    get_url = getattr(model, "get_absolute_url", None)
    if get_url is None:
        return ""
    record = model(pk=report.evidence_id)
    try:
        return str(get_url(record))
    except Exception:
        return ""
