from django.db import models
from django.utils.translation import gettext_lazy as _


class OffenderKind(models.TextChoices):
    """Who committed it: a resident of the registry, an establishment, or someone not registered."""

    PERSON = "person", _("Người trong sổ nhân khẩu")
    ESTABLISHMENT = "establishment", _("Cơ sở, doanh nghiệp")
    OTHER = "other", _("Người ngoài sổ nhân khẩu")


class Decision(models.TextChoices):
    PENDING = "pending", _("Chưa xử lý")
    REMINDER = "reminder", _("Nhắc nhở")
    FINE = "fine", _("Phạt tiền")
    SUSPENSION = "suspension", _("Đình chỉ hoạt động")
    PROSECUTION = "prosecution", _("Chuyển công an đề nghị truy cứu")


class PaymentStatus(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("Không phải nộp phạt")
    UNPAID = "unpaid", _("Chưa nộp phạt")
    PAID = "paid", _("Đã nộp phạt")


# Decisions that only a leader (DECIDE_VIOLATIONS) may take; a recorder may remind.
LEADER_DECISIONS = frozenset({Decision.FINE, Decision.SUSPENSION, Decision.PROSECUTION})
