"""Remembered column mappings: the same kind of file with the same headers maps the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from phaodai.core.models import AreaScopedModel


class SheetMapping(AreaScopedModel):
    """How the columns of one kind of file (``people.residents``) with these headers were mapped,
    in one unit: ``mapping`` is ``{header: field name or ""}`` (a header left out is ignored)."""

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "signature"], name="%(app_label)s_%(class)s_once_per_headers"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"
