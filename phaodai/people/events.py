"""The people app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

PERSON_CREATED = event_type("people.person_created", action=AuditAction.CREATED, label=_("Thêm nhân khẩu"))
PERSON_UPDATED = event_type(
    "people.person_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin nhân khẩu")
)
PERSON_MERGED = event_type(
    "people.person_merged",
    action=AuditAction.MERGED,
    label=_("Gộp hồ sơ trùng"),
    summary=_("Gộp hồ sơ trùng %(pk)s vào hồ sơ này"),
    refs={"pk": "people.person"},
)
PERSON_MERGED_INTO = event_type(
    "people.person_merged_into",
    action=AuditAction.MERGED_INTO,
    label=_("Bị gộp vào hồ sơ khác"),
    summary=_("Hồ sơ được gộp vào hồ sơ %(pk)s"),
    refs={"pk": "people.person"},
)
NATIONAL_ID_RELEASED = event_type(
    "people.national_id_released",
    action=AuditAction.UPDATED,
    label=_("Số CCCD/CMND trùng được chuyển vào ghi chú"),
    summary=_("Số CCCD/CMND trùng với hồ sơ %(other)s: đã chuyển vào ghi chú, chờ xử lý hồ sơ trùng"),
    refs={"other": "people.person"},
)
DUPLICATE_DISMISSED = event_type(
    "people.duplicate_dismissed",
    action=AuditAction.UPDATED,
    label=_("Xác nhận không trùng"),
    summary=_("Xác nhận hai hồ sơ %(a)s và %(b)s không trùng"),
    refs={"a": "people.person", "b": "people.person"},
)
HOUSEHOLD_CREATED = event_type(
    "people.household_created", action=AuditAction.CREATED, label=_("Thêm hộ gia đình")
)
HOUSEHOLD_UPDATED = event_type(
    "people.household_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin hộ gia đình")
)
HOUSEHOLD_HEAD_LEFT = event_type(
    "people.household_head_left", action=AuditAction.UPDATED, label=_("Chủ hộ đã chuyển khỏi hộ")
)
LIAISON_GROUP_CREATED = event_type(
    "people.liaison_group_created", action=AuditAction.CREATED, label=_("Thêm tổ liên gia")
)
LIAISON_GROUP_UPDATED = event_type(
    "people.liaison_group_updated", action=AuditAction.UPDATED, label=_("Sửa tổ liên gia")
)
PEOPLE_EXPORTED = event_type(
    "people.people_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách nhân khẩu"),
    summary=_("Xuất danh sách %(n)d nhân khẩu"),
)
RESIDENTS_IMPORTED = event_type(
    "people.residents_imported",
    action=AuditAction.CREATED,
    label=_("Nhập danh sách nhân khẩu từ tệp"),
    summary=_("Nhập từ tệp: %(created)d nhân khẩu mới, %(updated)d được cập nhật"),
)
