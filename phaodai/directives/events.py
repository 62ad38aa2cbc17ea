"""The directives app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

DIRECTIVE_CREATED = event_type(
    "directives.directive_created", action=AuditAction.CREATED, label=_("Nhập văn bản chỉ đạo")
)
DIRECTIVE_UPDATED = event_type(
    "directives.directive_updated", action=AuditAction.UPDATED, label=_("Sửa văn bản chỉ đạo")
)
TASK_ASSIGNED = event_type("directives.task_assigned", action=AuditAction.CREATED, label=_("Giao nhiệm vụ"))
TASK_PASSED_DOWN = event_type(
    "directives.task_passed_down",
    action=AuditAction.CREATED,
    label=_("Giao tiếp nhiệm vụ cho cấp dưới"),
    summary=_("Giao tiếp từ nhiệm vụ %(parent)s"),
    refs={"parent": "directives.task"},
)
TASK_UPDATED = event_type("directives.task_updated", action=AuditAction.UPDATED, label=_("Sửa nhiệm vụ"))
TASK_ACKNOWLEDGED = event_type(
    "directives.task_acknowledged", action=AuditAction.UPDATED, label=_("Tiếp nhận nhiệm vụ")
)
TASK_PROGRESS_REPORTED = event_type(
    "directives.task_progress_reported",
    action=AuditAction.UPDATED,
    label=_("Báo cáo tiến độ nhiệm vụ"),
    summary=_("Báo cáo tiến độ: %(progress)d%%"),
)
TASK_COMPLETED = event_type(
    "directives.task_completed", action=AuditAction.UPDATED, label=_("Báo cáo hoàn thành nhiệm vụ")
)
TASK_ESCALATED = event_type(
    "directives.task_escalated",
    action=AuditAction.UPDATED,
    label=_("Báo lãnh đạo cơ quan ban hành: nhiệm vụ quá hạn"),
)
COMPLIANCE_EXPORTED = event_type(
    "directives.compliance_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất bảng theo dõi thực hiện nhiệm vụ"),
    summary=_("Xuất bảng theo dõi của %(n)d đơn vị"),
)
