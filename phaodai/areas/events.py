"""The areas app's audit event types (``phaodai.audit.events``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from phaodai.areas.enums import PopulationSource
from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type


def _source_label(code: Any) -> str:
    return str(PopulationSource(code).label) if code in PopulationSource.values else str(code)


_POPULATION_SUMMARY = _("Số liệu dân số %(unit)s năm %(year)d (%(source)s): %(n)d ô")

POPULATION_RECORDED = event_type(
    "areas.population_recorded",
    action=AuditAction.CREATED,
    label=_("Ghi số liệu dân số"),
    summary=_POPULATION_SUMMARY,
    formatters={"source": _source_label},
)
POPULATION_CORRECTED = event_type(
    "areas.population_corrected",
    action=AuditAction.UPDATED,
    label=_("Sửa số liệu dân số"),
    summary=_POPULATION_SUMMARY,
    formatters={"source": _source_label},
)
