"""The cases app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

CASE_CREATED = event_type("cases.case_created", action=AuditAction.CREATED, label=_("Thêm ca bệnh F0"))
CASE_CONFIRMED = event_type(
    "cases.case_confirmed",
    action=AuditAction.CREATED,
    label=_("Khẳng định ca bệnh từ đề xuất xét nghiệm"),
    summary=_("Khẳng định ca bệnh từ đề xuất số %(proposal)s"),
)
CASE_UPDATED = event_type("cases.case_updated", action=AuditAction.UPDATED, label=_("Sửa thông tin ca bệnh"))
CASE_SEVERITY_CHANGED = event_type(
    "cases.case_severity_changed",
    action=AuditAction.UPDATED,
    label=_("Đổi mức độ bệnh"),
    summary=_("Mức độ bệnh từ ngày %(on)s: %(severity)s"),
)
CASE_TRANSFERRED = event_type(
    "cases.case_transferred",
    action=AuditAction.UPDATED,
    label=_("Chuyển nơi điều trị"),
    summary=_("Chuyển từ ngày %(on)s: %(setting)s %(facility)s"),
)
CASE_CLOSED = event_type(
    "cases.case_closed",
    action=AuditAction.UPDATED,
    label=_("Kết thúc ca bệnh"),
    summary=_("Kết thúc ngày %(on)s: %(status)s"),
)
CASE_DELETED = event_type("cases.case_deleted", action=AuditAction.DELETED, label=_("Xóa ca bệnh nhập nhầm"))
CASE_PERSON_MERGED = event_type(
    "cases.case_person_merged",
    action=AuditAction.UPDATED,
    label=_("Người bệnh được gộp hồ sơ"),
    summary=_("Hồ sơ người bệnh %(duplicate)s được gộp vào hồ sơ %(survivor)s"),
    refs={"duplicate": "people.person", "survivor": "people.person"},
)
CASES_EXPORTED = event_type(
    "cases.cases_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách ca bệnh"),
    summary=_("Xuất danh sách %(n)d ca bệnh"),
)
FACILITY_CREATED = event_type(
    "cases.facility_created", action=AuditAction.CREATED, label=_("Thêm cơ sở điều trị")
)
FACILITY_UPDATED = event_type(
    "cases.facility_updated", action=AuditAction.UPDATED, label=_("Sửa cơ sở điều trị")
)
BEDS_SET = event_type(
    "cases.beds_set",
    action=AuditAction.UPDATED,
    label=_("Đặt số giường"),
    summary=_("%(kind)s: %(before)s → %(after)s giường"),
)
