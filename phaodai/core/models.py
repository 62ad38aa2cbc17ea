"""The base of every record that belongs to an area (``AreaScopedModel``)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.access import ScopedManager
from phaodai.core.fields import KeyField


class AreaScopedModel(models.Model):
    """A record filed in one administrative unit, readable only inside its jurisdiction.

    The subclass declares its unit as a foreign key to ``areas.AdminUnit`` and names it in
    ``area_unit_field`` (``"unit"`` unless said otherwise: a resident's is ``residence_unit``).
    ``version`` counts the record's changes (the API's ETag, the forms' hidden field; see
    ``core.services.StaleRecordError``). ``area_path`` is that unit's path, derived by ``derive_area()`` on every save (never
    copied by hand), so the scoped manager (the *default* manager, ``objects``) can test the
    jurisdiction with one index range. ``uuid`` is made by the client (a phone working
    offline) so that sending the same record twice stores it once. A system check
    (``phaodai.core.checks``) refuses a model with an area that is not scoped.
    """

    uuid = models.UUIDField(
        _("mã bản ghi"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Do máy tạo; gửi lại cùng mã không tạo bản ghi mới"),
    )
    area_path = KeyField(max_length=255, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    # Raised by every change (audit.services.audited_update): an edit made on version 6 of a
    # record now at 7 is refused with what changed meanwhile, never saved over it.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = ScopedManager()

    area_unit_field: ClassVar[str] = "unit"
    scope_field: ClassVar[str] = "area_path"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_area()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            if self.area_unit_field in names or f"{self.area_unit_field}_id" in names:
                kwargs["update_fields"] = [*names, "area_path", "updated_at"]
        super().save(*args, **kwargs)

    def derive_area(self) -> str:
        """Set ``area_path`` from the unit; the one place it is computed. Returns it."""
        self.area_path = area_path_of(getattr(self, self.area_unit_field))
        return self.area_path


def area_path_of(unit: Any) -> str:
    """The path a record filed at ``unit`` carries (for rows built in bulk without ``save``)."""
    path: str = unit.path
    return path
