from __future__ import annotations

from typing import Any

from django.db import models

from phaodai.audit.models import AuditEvent
from phaodai.core.access import ScopedQuerySet


def history_for(*, user: Any, target: models.Model) -> ScopedQuerySet[AuditEvent]:
    """The audit trail of one record, newest first, as far as the user's jurisdiction reaches."""
    return (
        AuditEvent.objects.for_user(user)
        .filter(target_type=target._meta.label_lower, target_id=target.pk)
        .select_related("actor")
    )
