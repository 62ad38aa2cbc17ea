"""Choices of the welfare app (R-25)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vulnerability(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("Người cao tuổi sống một mình")
    DISABLED = "disabled", _("Có người khuyết tật")
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    LOST_INCOME = "lost_income", _("Mất thu nhập do dịch")
    QUARANTINE = "quarantine", _("Đang cách ly")


class PackageKind(models.TextChoices):
    FOOD = "food", _("Lương thực, thực phẩm")
    CASH = "cash", _("Tiền mặt")
    MEDICINE = "medicine", _("Thuốc, vật tư y tế")


class PackageSource(models.TextChoices):
    STATE = "state", _("Nhà nước")
    DONOR = "donor", _("Nhà hảo tâm, tổ chức ủng hộ")
