"""The jobs app's audit event types."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

JOB_CANCELLED = event_type("jobs.job_cancelled", action=AuditAction.UPDATED, label=_("Huỷ việc chạy nền"))
JOB_RETRIED = event_type("jobs.job_retried", action=AuditAction.UPDATED, label=_("Chạy lại việc bị lỗi"))
JOB_ABANDONED = event_type(
    "jobs.job_abandoned", action=AuditAction.UPDATED, label=_("Việc bị dừng vì tiến trình xử lý đã tắt")
)
