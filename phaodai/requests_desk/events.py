"""The request desk's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

REQUEST_RECEIVED = event_type(
    "requests_desk.request_received", action=AuditAction.CREATED, label=_("Tiếp nhận yêu cầu của người dân")
)
REQUEST_UPDATED = event_type(
    "requests_desk.request_updated", action=AuditAction.UPDATED, label=_("Cập nhật yêu cầu của người dân")
)
REQUEST_ASSIGNED = event_type(
    "requests_desk.request_assigned", action=AuditAction.UPDATED, label=_("Giao yêu cầu cho người xử lý")
)
REQUEST_CLOSED = event_type(
    "requests_desk.request_closed",
    action=AuditAction.UPDATED,
    label=_("Đóng yêu cầu (giải quyết hoặc từ chối)"),
)
REQUESTS_EXPORTED = event_type(
    "requests_desk.requests_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách yêu cầu của người dân"),
    summary=_("Xuất danh sách %(n)d yêu cầu"),
)
