"""The home-care app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

ENTRY_CREATED = event_type(
    "homecare.entry_created", action=AuditAction.CREATED, label=_("Ghi phiếu theo dõi sức khỏe tại nhà")
)
ENTRY_UPDATED = event_type(
    "homecare.entry_updated", action=AuditAction.UPDATED, label=_("Sửa phiếu theo dõi sức khỏe tại nhà")
)
LINK_CREATED = event_type(
    "homecare.link_created", action=AuditAction.CREATED, label=_("Tạo đường dẫn tự theo dõi cho người bệnh")
)
LINK_REVOKED = event_type(
    "homecare.link_revoked", action=AuditAction.UPDATED, label=_("Thu hồi đường dẫn tự theo dõi")
)
SLOT_MISSED = event_type(
    "homecare.slot_missed",
    action=AuditAction.CREATED,
    label=_("Bỏ lỡ một lần theo dõi"),
    summary=_("Không có phiếu theo dõi %(slot)s ngày %(day)s"),
)
