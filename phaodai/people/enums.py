from django.db import models
from django.utils.translation import gettext_lazy as _

# One definition of sex for residents and for population figures.
from phaodai.areas.enums import Sex

__all__ = ["ChronicCondition", "DuplicateStatus", "Ethnicity", "ResidenceStatus", "Sex"]


class ResidenceStatus(models.TextChoices):
    PERMANENT = "permanent", _("Thường trú")
    TEMPORARY = "temporary", _("Tạm trú")
    AWAY = "away", _("Đang ở nơi khác")


class Ethnicity(models.TextChoices):
    """The 54 ethnic groups of Viet Nam with the General Statistics Office codes
    (Danh mục các dân tộc Việt Nam, Quyết định 121-TCTK/PPCĐ ngày 02/03/1979)."""

    KINH = "01", "Kinh"
    TAY = "02", "Tày"
    THAI = "03", "Thái"
    HOA = "04", "Hoa"
    KHMER = "05", "Khơ-me"
    MUONG = "06", "Mường"
    NUNG = "07", "Nùng"
    HMONG = "08", "Hmông"
    DAO = "09", "Dao"
    GIA_RAI = "10", "Gia-rai"
    NGAI = "11", "Ngái"
    EDE = "12", "Ê-đê"
    BA_NA = "13", "Ba-na"
    XO_DANG = "14", "Xơ-đăng"
    SAN_CHAY = "15", "Sán Chay"
    CO_HO = "16", "Cơ-ho"
    CHAM = "17", "Chăm"
    SAN_DIU = "18", "Sán Dìu"
    HRE = "19", "Hrê"
    MNONG = "20", "Mnông"
    RA_GLAI = "21", "Ra-glai"
    XTIENG = "22", "Xtiêng"
    BRU_VAN_KIEU = "23", "Bru-Vân Kiều"
    THO = "24", "Thổ"
    GIAY = "25", "Giáy"
    CO_TU = "26", "Cơ-tu"
    GIE_TRIENG = "27", "Gié-Triêng"
    MA = "28", "Mạ"
    KHO_MU = "29", "Khơ-mú"
    CO = "30", "Co"
    TA_OI = "31", "Ta-ôi"
    CHO_RO = "32", "Chơ-ro"
    KHANG = "33", "Kháng"
    XINH_MUN = "34", "Xinh-mun"
    HA_NHI = "35", "Hà Nhì"
    CHU_RU = "36", "Chu-ru"
    LAO = "37", "Lào"
    LA_CHI = "38", "La Chí"
    LA_HA = "39", "La Ha"
    PHU_LA = "40", "Phù Lá"
    LA_HU = "41", "La Hủ"
    LU = "42", "Lự"
    LO_LO = "43", "Lô Lô"
    CHUT = "44", "Chứt"
    MANG = "45", "Mảng"
    PA_THEN = "46", "Pà Thẻn"
    CO_LAO = "47", "Cơ Lao"
    CONG = "48", "Cống"
    BO_Y = "49", "Bố Y"
    SI_LA = "50", "Si La"
    PU_PEO = "51", "Pu Péo"
    BRAU = "52", "Brâu"
    O_DU = "53", "Ơ Đu"
    RO_MAM = "54", "Rơ-măm"
    FOREIGN = "55", _("Người nước ngoài")


class ChronicCondition(models.TextChoices):
    """Underlying conditions that put a person at high risk from COVID-19."""

    HYPERTENSION = "hypertension", _("Tăng huyết áp")
    DIABETES = "diabetes", _("Đái tháo đường")
    HEART = "heart", _("Bệnh tim mạch")
    COPD = "copd", _("Bệnh phổi tắc nghẽn mạn tính (COPD)")
    ASTHMA = "asthma", _("Hen phế quản")
    KIDNEY = "kidney", _("Bệnh thận mạn, suy thận")
    LIVER = "liver", _("Bệnh gan mạn tính")
    CANCER = "cancer", _("Ung thư")
    STROKE = "stroke", _("Tai biến mạch máu não")
    OBESITY = "obesity", _("Béo phì")
    IMMUNODEFICIENCY = "immunodeficiency", _("Suy giảm miễn dịch, HIV")
    TRANSPLANT = "transplant", _("Ghép tạng, ghép tủy")
    DOWN_SYNDROME = "down_syndrome", _("Hội chứng Down")
    MENTAL_NEUROLOGICAL = "mental_neurological", _("Bệnh thần kinh, tâm thần")
    THALASSEMIA = "thalassemia", _("Bệnh tan máu bẩm sinh, bệnh máu mạn tính")
    OTHER = "other", _("Bệnh mạn tính khác")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Chờ xem xét")
    DISMISSED = "dismissed", _("Không phải trùng")
    MERGED = "merged", _("Đã gộp")
