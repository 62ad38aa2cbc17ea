"""The rules app's audit event types (``phaodai.audit.events``)."""

from django.utils.translation import gettext_lazy as _

from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

RULE_SET_CREATED = event_type(
    "rules.rule_set_created", action=AuditAction.CREATED, label=_("Thêm bộ quy định")
)
RULE_SET_UPDATED = event_type(
    "rules.rule_set_updated", action=AuditAction.UPDATED, label=_("Sửa bộ quy định")
)
