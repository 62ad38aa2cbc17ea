from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """The generic kind of an event; each app's event types (``audit.events``) are cases of one."""

    CREATED = "created", _("Tạo mới")
    UPDATED = "updated", _("Sửa")
    DELETED = "deleted", _("Xoá")
    MERGED = "merged", _("Gộp hồ sơ")
    MERGED_INTO = "merged_into", _("Bị gộp vào hồ sơ khác")
    EXPORTED = "exported", _("Xuất dữ liệu")


class AccessKind(models.TextChoices):
    """How personal data was read (the access log, Decree 13/2023/NĐ-CP)."""

    VIEWED = "viewed", _("Xem hồ sơ")
    LISTED = "listed", _("Lấy danh sách")
    EXPORTED = "exported", _("Xuất dữ liệu")


class AccessChannel(models.TextChoices):
    PAGE = "page", _("Trang web")
    API = "api", _("API")
    COMMAND = "command", _("Lệnh quản trị")
