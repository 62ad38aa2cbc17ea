from django.db import models
from django.utils.translation import gettext_lazy as _


class EstablishmentKind(models.TextChoices):
    FACTORY = "factory", _("Nhà máy, doanh nghiệp sản xuất")
    LODGING = "lodging", _("Cơ sở lưu trú (nhà nghỉ, khách sạn, nhà trọ)")
    KARAOKE = "karaoke", _("Karaoke")
    MASSAGE = "massage", _("Xoa bóp (massage)")
    MARKET = "market", _("Chợ")
    RESTAURANT = "restaurant", _("Nhà hàng, quán ăn")
    RELIGIOUS = "religious", _("Cơ sở tôn giáo, tín ngưỡng")
    SCHOOL = "school", _("Trường học")
    OTHER = "other", _("Cơ sở khác")


# Conditional businesses the letters name (000, 003 §6): checked before they may reopen.
CONDITIONAL_KINDS = frozenset({EstablishmentKind.KARAOKE, EstablishmentKind.MASSAGE})


class SchoolLevel(models.TextChoices):
    PRESCHOOL = "preschool", _("Mầm non")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    BOARDING = "boarding", _("Phổ thông dân tộc nội trú, bán trú")
    OTHER = "other", _("Khác")


class Readiness(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Chưa đánh giá")
    NOT_READY = "not_ready", _("Chưa sẵn sàng")
    READY = "ready", _("Sẵn sàng")


class MemberRole(models.TextChoices):
    WORKER = "worker", _("Người lao động")
    PUPIL = "pupil", _("Học sinh")
    TEACHER = "teacher", _("Giáo viên")
    STAFF = "staff", _("Cán bộ, nhân viên")


class Answer(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Đạt: an toàn")
    CONDITIONAL = "conditional", _("Đạt có điều kiện: phải khắc phục")
    FAILED = "failed", _("Không đạt")
