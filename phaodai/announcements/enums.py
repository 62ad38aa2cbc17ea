from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt, chờ phát")
    PUBLISHED = "published", _("Đã phát")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class AudioStatus(models.TextChoices):
    NONE = "none", _("Chưa có")
    QUEUED = "queued", _("Đang tạo")
    READY = "ready", _("Đã có")
    FAILED = "failed", _("Tạo không được")


class PlaceKind(models.TextChoices):
    TESTING = "testing", _("Xét nghiệm")
    VACCINATION = "vaccination", _("Tiêm chủng")
    BOTH = "both", _("Xét nghiệm và tiêm chủng")
