from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    """How big a demo province to build."""

    SMALL = "small", _("Nhỏ: 3 xã của huyện Bắc Hà, vài trăm người (cho kiểm thử)")
    MEDIUM = "medium", _("Vừa: cả tỉnh Lào Cai, khoảng 100 nghìn người (chạy thử)")
    LARGE = "large", _("Lớn: cả tỉnh Lào Cai, khoảng 1 triệu người (đo hiệu năng)")
