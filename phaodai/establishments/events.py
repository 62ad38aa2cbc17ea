"""The establishments app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

ESTABLISHMENT_CREATED = event_type(
    "establishments.establishment_created", action=AuditAction.CREATED, label=_("Thêm cơ sở")
)
ESTABLISHMENT_UPDATED = event_type(
    "establishments.establishment_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin cơ sở")
)
OPERATION_DECIDED = event_type(
    "establishments.operation_decided",
    action=AuditAction.UPDATED,
    label=_("Quyết định cơ sở được hoạt động hay tạm dừng"),
)
MEMBER_ADDED = event_type(
    "establishments.member_added", action=AuditAction.CREATED, label=_("Thêm người lao động, học sinh")
)
MEMBER_UPDATED = event_type(
    "establishments.member_updated", action=AuditAction.UPDATED, label=_("Sửa người lao động, học sinh")
)
INSPECTION_RECORDED = event_type(
    "establishments.inspection_recorded",
    action=AuditAction.CREATED,
    label=_("Ghi kết quả kiểm tra cơ sở"),
    summary=_("Kiểm tra: %(met)d tiêu chí đạt, %(not_met)d không đạt"),
)
INSPECTION_FOLLOWED_UP = event_type(
    "establishments.inspection_followed_up", action=AuditAction.UPDATED, label=_("Khắc phục sau kiểm tra")
)
ESTABLISHMENTS_EXPORTED = event_type(
    "establishments.establishments_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách cơ sở"),
    summary=_("Xuất danh sách %(n)d cơ sở"),
)
