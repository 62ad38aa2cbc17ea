"""The command app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

CENTRE_CREATED = event_type(
    "command.centre_created", action=AuditAction.CREATED, label=_("Thành lập Trung tâm Chỉ huy")
)
CENTRE_UPDATED = event_type(
    "command.centre_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin Trung tâm Chỉ huy")
)
COMMITTEE_CREATED = event_type(
    "command.committee_created", action=AuditAction.CREATED, label=_("Thành lập Ban Chỉ đạo")
)
COMMITTEE_UPDATED = event_type(
    "command.committee_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin Ban Chỉ đạo")
)
MEMBER_CREATED = event_type("command.member_created", action=AuditAction.CREATED, label=_("Thêm thành viên"))
MEMBER_UPDATED = event_type(
    "command.member_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin thành viên")
)
SHIFT_CREATED = event_type("command.shift_created", action=AuditAction.CREATED, label=_("Thêm ca trực"))
SHIFT_UPDATED = event_type("command.shift_updated", action=AuditAction.UPDATED, label=_("Sửa ca trực"))
SHIFT_DELETED = event_type(
    "command.shift_deleted",
    action=AuditAction.DELETED,
    label=_("Xóa ca trực"),
    summary=_("Xóa ca trực của %(member)s từ %(start)s"),
)
ROSTER_GENERATED = event_type(
    "command.roster_generated",
    action=AuditAction.CREATED,
    label=_("Lập lịch trực"),
    summary=_("Lập lịch trực từ %(start)s đến %(end)s: %(n)d ca"),
)
SHIFT_SWAPPED = event_type(
    "command.shift_swapped",
    action=AuditAction.UPDATED,
    label=_("Đổi ca trực"),
    summary=_("Đổi ca: %(from_name)s nhường ca cho %(to_name)s (cả hai đồng ý)"),
)
DOCUMENT_ADDED = event_type("command.document_added", action=AuditAction.CREATED, label=_("Đính kèm văn bản"))
MEMBERS_EXPORTED = event_type(
    "command.members_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách thành viên"),
    summary=_("Xuất danh sách %(n)d thành viên"),
)
ROSTER_EXPORTED = event_type(
    "command.roster_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất lịch trực"),
    summary=_("Xuất lịch trực %(n)d ca"),
)
