from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện")
    COMMUNE = 3, _("Cấp xã")
    VILLAGE = 4, _("Thôn, tổ dân phố")


class UnitType(models.TextChoices):
    """Official kinds of unit (loại đơn vị hành chính) and of sub-commune settlement."""

    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    PROVINCE = "tinh", _("Tỉnh")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố")
    URBAN_DISTRICT = "quan", _("Quận")
    RURAL_DISTRICT = "huyen", _("Huyện")
    TOWN = "thi_xa", _("Thị xã")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    VILLAGE = "thon", _("Thôn")
    HAMLET = "ban", _("Bản")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Tổ dân phố")
    NEIGHBOURHOOD = "khu_pho", _("Khu phố")
    SOUTHERN_HAMLET = "ap", _("Ấp")


class AgeBand(models.TextChoices):
    """Age bands of every population denominator (vaccination targets cut at 5, 12, 18, 50, 65)."""

    A0_4 = "0-4", "0–4"
    A5_11 = "5-11", "5–11"
    A12_17 = "12-17", "12–17"
    A18_49 = "18-49", "18–49"
    A50_64 = "50-64", "50–64"
    A65_UP = "65+", "65+"


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class PopulationSource(models.TextChoices):
    CENSUS = "census", _("Điều tra dân số")
    ESTIMATE = "estimate", _("Ước tính của thống kê")
    REGISTRY = "registry", _("Đếm từ sổ nhân khẩu")


class SuccessionKind(models.TextChoices):
    MERGED = "merged", _("Sáp nhập vào")
    SPLIT = "split", _("Chia một phần vào")
    SAME = "same", _("Giữ nguyên")
