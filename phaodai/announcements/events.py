"""The announcements app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

ANNOUNCEMENT_CREATED = event_type(
    "announcements.announcement_created", action=AuditAction.CREATED, label=_("Soạn thông báo")
)
ANNOUNCEMENT_UPDATED = event_type(
    "announcements.announcement_updated", action=AuditAction.UPDATED, label=_("Sửa thông báo")
)
ANNOUNCEMENT_SUBMITTED = event_type(
    "announcements.announcement_submitted", action=AuditAction.UPDATED, label=_("Gửi thông báo chờ duyệt")
)
ANNOUNCEMENT_APPROVED = event_type(
    "announcements.announcement_approved", action=AuditAction.UPDATED, label=_("Duyệt thông báo")
)
ANNOUNCEMENT_PUBLISHED = event_type(
    "announcements.announcement_published",
    action=AuditAction.UPDATED,
    label=_("Phát thông báo"),
    summary=_("Phát tới %(n)d đơn vị"),
)
ANNOUNCEMENT_WITHDRAWN = event_type(
    "announcements.announcement_withdrawn", action=AuditAction.UPDATED, label=_("Thu hồi thông báo")
)
AUDIO_MADE = event_type(
    "announcements.audio_made",
    action=AuditAction.UPDATED,
    label=_("Tạo tệp âm thanh cho loa"),
    summary=_("Tệp âm thanh dài %(seconds)s giây"),
)
SITUATION_UPDATED = event_type(
    "announcements.situation_updated",
    action=AuditAction.UPDATED,
    label=_("Cập nhật trang thông tin công khai"),
)
SERVICE_PLACE_SAVED = event_type(
    "announcements.service_place_saved",
    action=AuditAction.UPDATED,
    label=_("Cập nhật nơi xét nghiệm, tiêm chủng"),
)
ANNOUNCEMENTS_EXPORTED = event_type(
    "announcements.announcements_exported",
    action=AuditAction.EXPORTED,
    label=_("Xuất danh sách thông báo"),
    summary=_("Xuất danh sách %(n)d thông báo"),
)
