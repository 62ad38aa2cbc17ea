"""Choices of the request desk (R-23)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestCategory(models.TextChoices):
    FOOD = "food", _("Lương thực, thực phẩm")
    MEDICINE = "medicine", _("Thuốc men")
    HOSPITAL_TRANSPORT = "hospital_transport", _("Đưa đi bệnh viện")
    COMPLAINT = "complaint", _("Khiếu nại, phản ánh")
    VIOLATION_REPORT = "violation_report", _("Báo vi phạm phòng dịch")
    OTHER = "other", _("Việc khác")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Bình thường")
    URGENT = "urgent", _("Khẩn cấp")


class RequestStatus(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    ASSIGNED = "assigned", _("Đã giao người xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã giải quyết")
    REJECTED = "rejected", _("Không giải quyết")


OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS)
CLOSED_STATUSES = (RequestStatus.RESOLVED, RequestStatus.REJECTED)


class RequestChannel(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Người dân tự gửi trên trang công khai")
    PHONE_CALL = "phone_call", _("Cán bộ trực nhận qua điện thoại")
