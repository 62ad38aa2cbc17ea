from django.db import models
from django.utils.translation import gettext_lazy as _


class Slot(models.TextChoices):
    """The two half-days of the monitoring sheet (RULES.md §3.3: morning and afternoon)."""

    MORNING = "morning", _("Buổi sáng")
    AFTERNOON = "afternoon", _("Buổi chiều")


class EntrySource(models.TextChoices):
    STAFF = "staff", _("Cán bộ y tế nhập")
    LINK = "link", _("Người bệnh hoặc người nhà nhập qua đường dẫn")


class LinkState(models.TextChoices):
    """Where a personal monitoring link stands (shown to health staff on the case's page)."""

    ACTIVE = "active", _("đang dùng được")
    REVOKED = "revoked", _("đã thu hồi")
    EXPIRED = "expired", _("hết hạn (hết thời gian cách ly hoặc không còn điều trị tại nhà)")
