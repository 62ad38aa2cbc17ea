from __future__ import annotations

from typing import Any

from django.db import models

from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.core.access import ScopedQuerySet, has_capability
from phaodai.core.roles import Capability


def history_for(*, user: Any, target: models.Model) -> ScopedQuerySet[AuditEvent]:
    """The audit trail of one record, newest first, as far as the user's jurisdiction reaches."""
    return (
        AuditEvent.objects.for_user(user)
        .filter(target_type=target._meta.label_lower, target_id=target.pk)
        .select_related("actor")
    )


def access_log_for(*, user: Any, target: models.Model) -> ScopedQuerySet[AccessLog]:
    """Who read one record, newest first: for those who may read the audit trail, inside their area."""
    if not has_capability(user, Capability.VIEW_AUDIT):
        return AccessLog.objects.none()
    return (
        AccessLog.objects.for_user(user)
        .filter(target_type=target._meta.label_lower, target_id=target.pk)
        .select_related("actor")
    )
