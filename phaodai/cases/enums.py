"""Choices of the cases app (F0 cases, care settings, treatment facilities and beds)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HowFound(models.TextChoices):
    """Where the case was found (the bulletins count community cases apart, RULES.md §1.2, §6.1)."""

    IN_QUARANTINE = "in_quarantine", _("Trong khu cách ly, phong tỏa")
    COMMUNITY = "community", _("Trong cộng đồng")
    CHECKPOINT = "checkpoint", _("Tại chốt kiểm dịch")
    IMPORTED_PROVINCE = "imported_province", _("Từ tỉnh khác về")
    IMPORTED_ABROAD = "imported_abroad", _("Nhập cảnh từ nước ngoài")
    SCREENING = "screening", _("Qua xét nghiệm sàng lọc")


class Severity(models.TextChoices):
    """The five clinical classes of 4689, 250/437 and 2671 (RULES.md §3.5)."""

    ASYMPTOMATIC = "asymptomatic", _("Không triệu chứng")
    MILD = "mild", _("Nhẹ")
    MODERATE = "moderate", _("Trung bình")
    SEVERE = "severe", _("Nặng")
    CRITICAL = "critical", _("Nguy kịch")


class CareSetting(models.TextChoices):
    """Where a case is cared for; every setting but home is a facility of that tier."""

    HOME = "home", _("Tại nhà")
    COMMUNE_STATION = "commune_station", _("Trạm y tế xã")
    MOBILE_STATION = "mobile_station", _("Trạm y tế lưu động")
    DISTRICT = "district", _("Cơ sở thu dung, điều trị cấp huyện")
    PROVINCIAL = "provincial", _("Bệnh viện tuyến tỉnh")
    FIELD_HOSPITAL = "field_hospital", _("Bệnh viện dã chiến")


# The tiers a facility may have: every care setting except home.
FACILITY_TIERS = [(value, label) for value, label in CareSetting.choices if value != CareSetting.HOME]


class BedKind(models.TextChoices):
    ORDINARY = "ordinary", _("Giường thường")
    OXYGEN = "oxygen", _("Giường có ô-xy")
    ICU = "icu", _("Giường hồi sức tích cực")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Đang điều trị, cách ly")
    RECOVERED = "recovered", _("Đã khỏi")
    DIED = "died", _("Tử vong")
    TRANSFERRED_OUT = "transferred_out", _("Chuyển đi địa phương khác")


class VaccinationStatus(models.TextChoices):
    """The case's vaccination as the officer records it (until the vaccination app gives it)."""

    UNVACCINATED = "unvaccinated", _("Chưa tiêm")
    PARTIAL = "partial", _("Tiêm chưa đủ liều cơ bản")
    FULL = "full", _("Đã tiêm đủ liều cơ bản")


class RiskGroup(models.TextChoices):
    """The individual risk groups of 3646/QĐ-BYT as routed in December 2021 (RULES.md §3.2)."""

    LOW = "low", _("Nguy cơ thấp")
    MEDIUM = "medium", _("Nguy cơ trung bình")
    HIGH = "high", _("Nguy cơ cao")
    VERY_HIGH = "very_high", _("Nguy cơ rất cao")


class Symptom(models.TextChoices):
    """Mild symptoms named by the home-care rules (4038, 261) and others seen at classification."""

    FEVER = "fever", _("Sốt")
    DRY_COUGH = "dry_cough", _("Ho khan")
    SORE_THROAT = "sore_throat", _("Đau họng")
    STUFFY_NOSE = "stuffy_nose", _("Nghẹt mũi")
    RUNNY_NOSE = "runny_nose", _("Chảy nước mũi")
    FATIGUE = "fatigue", _("Mệt mỏi")
    HEADACHE = "headache", _("Đau đầu")
    MYALGIA = "myalgia", _("Đau mỏi cơ")
    NUMB_TONGUE = "numb_tongue", _("Tê lưỡi")
    DIARRHOEA = "diarrhoea", _("Tiêu chảy")
    LOSS_OF_SMELL_TASTE = "loss_of_smell_taste", _("Mất khứu giác, vị giác")
    DYSPNOEA = "dyspnoea", _("Khó thở")
    CHEST_PAIN = "chest_pain", _("Đau tức ngực")
    CONFUSION = "confusion", _("Lơ mơ, lú lẫn")


class EndTest(models.TextChoices):
    """The test a rule needs before a case leaves isolation."""

    NONE = "", _("Không cần xét nghiệm")
    RAPID_ANTIGEN = "rapid_antigen", _("Test nhanh kháng nguyên âm tính")
    RT_PCR = "rt_pcr", _("RT-PCR âm tính (hoặc Ct ≥ ngưỡng)")
