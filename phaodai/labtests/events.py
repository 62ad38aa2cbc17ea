"""The testing app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

SESSION_CREATED = event_type(
    "labtests.session_created", action=AuditAction.CREATED, label=_("Tạo đợt xét nghiệm")
)
SESSION_UPDATED = event_type(
    "labtests.session_updated", action=AuditAction.UPDATED, label=_("Sửa đợt xét nghiệm")
)
SAMPLE_TAKEN = event_type("labtests.sample_taken", action=AuditAction.CREATED, label=_("Lấy mẫu xét nghiệm"))
SAMPLE_DELETED = event_type(
    "labtests.sample_deleted",
    action=AuditAction.DELETED,
    label=_("Xoá mẫu xét nghiệm nhập nhầm"),
    summary=_("Xoá mẫu xét nghiệm %(pk)s của người %(person)s"),
    refs={"person": "people.person"},
)
RESULT_RECORDED = event_type(
    "labtests.result_recorded", action=AuditAction.CREATED, label=_("Ghi kết quả xét nghiệm")
)
RESULT_UPDATED = event_type(
    "labtests.result_updated", action=AuditAction.UPDATED, label=_("Sửa kết quả xét nghiệm")
)
RESULT_DELETED = event_type(
    "labtests.result_deleted",
    action=AuditAction.DELETED,
    label=_("Xoá kết quả xét nghiệm"),
    summary=_("Xoá kết quả xét nghiệm %(pk)s của người %(person)s"),
    refs={"person": "people.person"},
)
RESULTS_IMPORTED = event_type(
    "labtests.results_imported",
    action=AuditAction.CREATED,
    label=_("Nhập kết quả xét nghiệm từ tệp"),
    summary=_("Nhập từ tệp: %(created)d kết quả xét nghiệm"),
)
RESULTS_EXPORTED = event_type(
    "labtests.results_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất kết quả xét nghiệm"),
    summary=_("Xuất danh sách %(n)d kết quả xét nghiệm"),
)
POOL_CREATED = event_type("labtests.pool_created", action=AuditAction.CREATED, label=_("Tạo mẫu gộp"))
POOL_MEMBER_ADDED = event_type(
    "labtests.pool_member_added",
    action=AuditAction.UPDATED,
    label=_("Thêm người vào mẫu gộp"),
    summary=_("Thêm %(person)s vào mẫu gộp"),
    refs={"person": "people.person"},
)
POOL_RESULT_RECORDED = event_type(
    "labtests.pool_result_recorded",
    action=AuditAction.UPDATED,
    label=_("Ghi kết quả mẫu gộp"),
    summary=_("Ghi kết quả mẫu gộp: %(members)d người"),
)
FOLLOW_UP_DONE = event_type(
    "labtests.follow_up_done", action=AuditAction.UPDATED, label=_("Đã xét nghiệm đơn sau mẫu gộp")
)
PROPOSAL_CREATED = event_type(
    "labtests.proposal_created", action=AuditAction.CREATED, label=_("Đề xuất ca bệnh từ kết quả dương tính")
)
PROPOSAL_UPDATED = event_type(
    "labtests.proposal_updated", action=AuditAction.UPDATED, label=_("Đánh giá lại đề xuất ca bệnh")
)
PROPOSAL_DECIDED = event_type(
    "labtests.proposal_decided", action=AuditAction.UPDATED, label=_("Quyết định về đề xuất ca bệnh")
)
PROPOSAL_WITHDRAWN = event_type(
    "labtests.proposal_withdrawn",
    action=AuditAction.DELETED,
    label=_("Rút đề xuất ca bệnh (không còn kết quả dương tính)"),
)
SCREENING_RECORDED = event_type(
    "labtests.screening_recorded",
    action=AuditAction.CREATED,
    label=_("Ghi một danh sách xét nghiệm sàng lọc"),
    summary=_("Ghi %(n)d mẫu xét nghiệm và kết quả của đợt sàng lọc"),
)
