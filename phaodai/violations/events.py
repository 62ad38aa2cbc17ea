"""The violations app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type
from phaodai.violations.enums import Decision

VIOLATION_CREATED = event_type(
    "violations.violation_created", action=AuditAction.CREATED, label=_("Ghi nhận vi phạm")
)
VIOLATION_UPDATED = event_type(
    "violations.violation_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin vi phạm")
)
VIOLATION_DECIDED = event_type(
    "violations.violation_decided",
    action=AuditAction.UPDATED,
    label=_("Quyết định xử lý vi phạm"),
    summary=_("Hình thức xử lý: %(decision)s"),
    formatters={"decision": lambda code: str(Decision(code).label) if code in Decision.values else str(code)},
)
EVIDENCE_ADDED = event_type(
    "violations.evidence_added",
    action=AuditAction.CREATED,
    label=_("Thêm chứng cứ vi phạm"),
    summary=_("Thêm tệp chứng cứ %(name)s"),
)
VIOLATIONS_EXPORTED = event_type(
    "violations.violations_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách vi phạm"),
    summary=_("Xuất danh sách %(n)d vi phạm"),
)
