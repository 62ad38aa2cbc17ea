from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.accounts.roles import CAPABILITIES, Capability, Role


class User(AbstractUser):
    """A person who signs in: a role, and a home unit whose subtree is their jurisdiction."""

    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.VIEWER)
    home_unit = models.ForeignKey(
        "areas.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("đơn vị"),
    )
    phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def sees_everything(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN

    @property
    def jurisdiction_path(self) -> str | None:
        if self.home_unit_id is None:
            return None
        return self.home_unit.path

    def can(self, capability: Capability) -> bool:
        return self.is_active and capability in CAPABILITIES.get(self.role, frozenset())
