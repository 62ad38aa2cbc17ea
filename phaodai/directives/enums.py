"""Choices of the directives app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    """Kinds of administrative documents (Nghị định 30/2020/NĐ-CP, Quy định 66-QĐ/TW)."""

    OFFICIAL_LETTER = "cong_van", _("Công văn")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    PLAN = "ke_hoach", _("Kế hoạch")
    CONCLUSION = "thong_bao_ket_luan", _("Thông báo kết luận")
    NOTICE = "thong_bao", _("Thông báo")
    DECISION = "quyet_dinh", _("Quyết định")
    TELEGRAM = "cong_dien", _("Công điện")
    RESOLUTION = "nghi_quyet", _("Nghị quyết")


class Urgency(models.TextChoices):
    NORMAL = "thuong", _("Thường")
    URGENT = "khan", _("Khẩn")
    VERY_URGENT = "thuong_khan", _("Thượng khẩn")
    FLASH = "hoa_toc", _("Hỏa tốc")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Chưa tiếp nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")


class ReportFrequency(models.TextChoices):
    ONCE = "once", _("Một lần, khi hoàn thành")
    DAILY = "daily", _("Hằng ngày")
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    NONE = "none", _("Không yêu cầu báo cáo")


class ReportKind(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Tiếp nhận")
    PROGRESS = "progress", _("Báo cáo tiến độ")
    COMPLETED = "completed", _("Báo cáo hoàn thành")
