"""The welfare app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

HOUSEHOLD_MARKED = event_type(
    "welfare.household_marked", action=AuditAction.CREATED, label=_("Đánh dấu hộ khó khăn")
)
HOUSEHOLD_UPDATED = event_type(
    "welfare.household_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin hộ khó khăn")
)
PACKAGE_CREATED = event_type(
    "welfare.package_created", action=AuditAction.CREATED, label=_("Thêm loại hàng hỗ trợ")
)
PACKAGE_RECEIVED = event_type(
    "welfare.package_received",
    action=AuditAction.CREATED,
    label=_("Nhập hàng hỗ trợ vào kho xã"),
    summary=_("Nhập %(n)d suất"),
)
DELIVERY_RECORDED = event_type(
    "welfare.delivery_recorded",
    action=AuditAction.CREATED,
    label=_("Phát hàng hỗ trợ cho hộ"),
    summary=_("Phát %(n)d suất"),
)
WELFARE_EXPORTED = event_type(
    "welfare.households_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách hộ khó khăn"),
    summary=_("Xuất danh sách %(n)d hộ"),
)
