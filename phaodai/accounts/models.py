from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.core.access import Jurisdiction
from phaodai.core.roles import CAPABILITIES, Capability, Role


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
    extra_units = models.ManyToManyField(
        "areas.AdminUnit",
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị phụ trách thêm"),
        help_text=_("Ví dụ: cán bộ chốt kiểm dịch phụ trách nhiều xã, tổ công tác của huyện."),
    )
    # The extra units' paths, kept by accounts.services.user_extra_units_set (never typed): every
    # request needs them, and reading them from this row costs no query.
    extra_unit_paths = models.TextField(blank=True, editable=False)
    phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)

    # Users are not area records: a user's units define a jurisdiction (core.access).
    scope_exempt = "a user's units define their jurisdiction; users are managed by administrators"

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def sees_everything(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN

    @property
    def jurisdiction(self) -> Jurisdiction:
        """The subtrees this user may see: home unit, extra units, and the units linked to them in
        the other map era (``AdminUnit.linked_paths``). Computed once per loaded user."""
        key = (self.home_unit_id, self.extra_unit_paths)
        cached: tuple[Any, Jurisdiction] | None = self.__dict__.get("_jurisdiction")
        if cached is not None and cached[0] == key:
            return cached[1]
        paths: list[str] = []
        home_path = ""
        home = self.home_unit if self.home_unit_id is not None else None
        if home is not None:
            home_path = home.path
            paths += [home.path, *home.linked_path_list]
        extra = self.extra_unit_paths.split()
        if extra:
            paths += extra
            for linked in (
                AdminUnit.objects.unscoped().filter(path__in=extra).values_list("linked_paths", flat=True)
            ):
                paths += linked.split()
        found = Jurisdiction.of(paths, home_path=home_path) if paths else Jurisdiction.nothing()
        self.__dict__["_jurisdiction"] = (key, found)
        return found

    def can(self, capability: Capability) -> bool:
        return self.is_active and capability in CAPABILITIES.get(self.role, frozenset())


class ApiToken(models.Model):
    """A key a device signs in to the API with. Only its hash is stored; the key is shown once.

    A token works until ``expires_at`` (``PHAODAI_API_TOKEN_DAYS``; phones renew before), until
    revoked (by its user on the profile page or with ``DELETE /api/v1/token/``), and only while the
    user is active and keeps the password it was issued under (``password_fingerprint``): a
    password change or a deactivation ends every token at once, however it was made.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("thiết bị"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("đầu mã"), max_length=8, editable=False)
    password_fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.name or self.user_id})"
