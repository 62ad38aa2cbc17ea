"""Choices of the testing app (R-13)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TestKind(models.TextChoices):
    """How a sample is tested."""

    __test__ = False  # not a pytest test class

    RAPID_ANTIGEN = "rapid_antigen", _("Test nhanh kháng nguyên")
    RT_PCR = "rt_pcr", _("RT-PCR")
    SELF_TEST = "self_test", _("Tự test (người dân báo)")


class ResultValue(models.TextChoices):
    POSITIVE = "positive", _("Dương tính")
    NEGATIVE = "negative", _("Âm tính")
    INVALID = "invalid", _("Không xác định được")


class PlaceKind(models.TextChoices):
    """Where a screening is held."""

    VILLAGE = "village", _("Cả thôn, tổ dân phố")
    COMMUNE = "commune", _("Cả xã, phường")
    MARKET = "market", _("Chợ")
    SCHOOL = "school", _("Trường học")
    WORKPLACE = "workplace", _("Cơ sở sản xuất, kinh doanh")
    HEALTH_STATION = "health_station", _("Trạm y tế")
    CHECKPOINT = "checkpoint", _("Chốt kiểm dịch")
    OTHER = "other", _("Nơi khác")


class ResultSource(models.TextChoices):
    """How a result came in."""

    ENTRY = "entry", _("Nhập tại điểm xét nghiệm")
    IMPORT = "import", _("Nhập từ tệp của phòng xét nghiệm")
    POOL = "pool", _("Từ kết quả mẫu gộp âm tính")
    API = "api", _("Qua API")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Chờ xem xét")
    CONFIRMED = "confirmed", _("Đã xác nhận ca bệnh")
    DISMISSED = "dismissed", _("Không xác nhận")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Chờ xét nghiệm đơn")
    DONE = "done", _("Đã xét nghiệm đơn")
