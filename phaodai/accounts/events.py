"""The accounts app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

API_TOKEN_CREATED = event_type(
    "accounts.api_token_created",
    action=AuditAction.CREATED,
    label=_("Tạo mã truy cập API"),
    summary=_("Tạo mã truy cập API %(device)s"),
)
API_TOKEN_REVOKED = event_type(
    "accounts.api_token_revoked",
    action=AuditAction.DELETED,
    label=_("Thu hồi mã truy cập API"),
    summary=_("Thu hồi mã truy cập API %(device)s"),
)
EXTRA_UNITS_SET = event_type(
    "accounts.extra_units_set", action=AuditAction.UPDATED, label=_("Đổi các đơn vị phụ trách thêm")
)
