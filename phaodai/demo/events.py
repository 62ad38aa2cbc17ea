"""The demo app's audit event type (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

DEMO_SEEDED = event_type(
    "demo.seeded",
    action=AuditAction.CREATED,
    label=_("Nạp dữ liệu mẫu"),
    summary=_("Nạp dữ liệu mẫu: %(n)d nhân khẩu"),
)
