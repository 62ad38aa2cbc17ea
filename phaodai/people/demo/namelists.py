"""Names, places and mixes for the demo province, with their weights.

Everything here is data: how people of each ethnic group of Lào Cai are
usually named (surname, middle name by sex, given names by sex), how villages
are named, where people work when they are away, and how the ethnic mix differs
from one district to the next. Weights are relative, not percentages.

Sources for the mixes: the 2019 census of Lào Cai (Kinh ≈ 35 %, Hmông ≈ 26 %,
Tày ≈ 15 %, Dao ≈ 14 %, Giáy ≈ 4 %, Nùng ≈ 4 %, then Phù Lá, Hà Nhì and others),
rounded per district to what the district is known for. They are plausible
demo figures, not statistics.
"""

from __future__ import annotations

from dataclasses import dataclass

from phaodai.people.enums import ChronicCondition, Ethnicity

Weighted = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class NameStyle:
    """How one ethnic group names people: ``surnames`` + middle + given name."""

    surnames: Weighted
    male_middles: Weighted
    female_middles: Weighted
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    # Share of names written with no middle name ("Giàng Páo").
    no_middle: float = 0.0


_KINH_MALE_GIVEN = (
    "An", "Anh", "Bình", "Cường", "Dũng", "Đức", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy",
    "Hưng", "Hậu", "Hiệp", "Khánh", "Kiên", "Lâm", "Long", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa",
    "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn",
    "Trung", "Trường", "Tuấn", "Tùng", "Việt", "Vinh", "Thanh", "Chiến", "Định", "Giang", "Khoa",
)  # fmt: skip
_KINH_FEMALE_GIVEN = (
    "Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huyền",
    "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngọc", "Nhung", "Oanh", "Phương",
    "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Xuân", "Hòa", "Nhàn",
    "Lương", "Duyên", "Thơm", "Huế",
)  # fmt: skip

KINH = NameStyle(
    surnames=(
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4), ("Đỗ", 3),
        ("Bùi", 3), ("Đặng", 2), ("Ngô", 2), ("Dương", 2), ("Đinh", 2), ("Phan", 2), ("Đào", 1),
        ("Lương", 1), ("Trịnh", 1), ("Hà", 1), ("Mai", 1), ("Cao", 1), ("Lý", 1), ("Tạ", 1), ("Tô", 1),
    ),
    male_middles=(
        ("Văn", 50), ("Đức", 8), ("Minh", 8), ("Quang", 6), ("Hữu", 6), ("Xuân", 5), ("Thanh", 5),
        ("Công", 4), ("Mạnh", 3), ("Tiến", 3), ("Ngọc", 3), ("Đình", 4),
    ),
    female_middles=(
        ("Thị", 65), ("Thu", 6), ("Ngọc", 6), ("Thanh", 5), ("Minh", 4), ("Hồng", 4), ("Kim", 4),
        ("Phương", 3), ("Bích", 2), ("Thùy", 3),
    ),
    male_given=_KINH_MALE_GIVEN,
    female_given=_KINH_FEMALE_GIVEN,
)  # fmt: skip

HMONG = NameStyle(
    surnames=(
        ("Giàng", 18), ("Sùng", 14), ("Vàng", 14), ("Thào", 12), ("Lù", 8), ("Ly", 8), ("Hầu", 5),
        ("Lồ", 4), ("Mua", 4), ("Vừ", 3), ("Tráng", 3), ("Cư", 2), ("Hạng", 2), ("Má", 2), ("Sình", 2),
    ),
    male_middles=(("A", 40), ("Seo", 40), ("Văn", 20)),
    female_middles=(("Thị", 100),),
    male_given=(
        "Páo", "Chứ", "Sử", "Dế", "Tủa", "Lử", "Pủa", "Chư", "Dình", "Sính", "Phềnh", "Chá", "Dìn",
        "Nhè", "Khoa", "Chẩn", "Vản", "Súng", "Dùng", "Lềnh", "Ký", "Lìn", "Chính", "Thề", "Dủa",
        "Sểnh", "Tùng", "Mìn", "Pao", "Sình",
    ),
    female_given=(
        "Mỷ", "Mai", "Dợ", "Sua", "Chở", "Súa", "Dung", "Pàng", "Say", "Dở", "Máy", "Pà", "Mỉ", "Lan",
        "Chía", "Dính", "Xúa", "Cở", "Nu", "Chi", "Sểnh", "Vư",
    ),
    no_middle=0.05,
)  # fmt: skip

DAO = NameStyle(
    surnames=(
        ("Triệu", 25), ("Bàn", 20), ("Lý", 15), ("Đặng", 12), ("Phùng", 8), ("Tẩn", 8), ("Chảo", 6),
        ("Lò", 3), ("Hoàng", 3),
    ),
    male_middles=(("Láo", 30), ("Tòn", 20), ("Văn", 45), ("Vần", 5)),
    female_middles=(("Thị", 100),),
    male_given=(
        "Chàn", "Sành", "Chòi", "Quẩy", "Phin", "Dùn", "Kiềm", "Lở", "Sơn", "Vàng", "Khé", "Sinh",
        "Lìu", "Tả", "Quáng", "Chiêu", "Tòng", "Phú", "Phương", "Tài",
    ),
    female_given=(
        "Mẩy", "Mùi", "Nái", "Xiêm", "Phấy", "Sứ", "Chỉn", "Chiêm", "San", "Kiều", "Lài", "Diếc",
        "Chài", "Phây",
    ),
    no_middle=0.03,
)  # fmt: skip

_TAY_MALE_GIVEN = (
    "Thắng", "Hùng", "Lợi", "Quý", "Nhất", "Chiến", "Dền", "Sáng", "Thuận", "Hưng", "Tuấn", "Toàn",
    "Lực", "Sinh", "Thái", "Khiêm", "Bình", "Công", "Hải", "Phúc", "Tính", "Vượng",
)  # fmt: skip
_TAY_FEMALE_GIVEN = (
    "Hoa", "Thủy", "Hiền", "Phương", "Mai", "Lan", "Nhung", "Dịu", "Xuyến", "Thắm", "Hằng", "Lụa",
    "Ngân", "Thơ", "Duyên", "Liên", "Quyên", "Hạnh",
)  # fmt: skip

TAY = NameStyle(
    surnames=(
        ("Hoàng", 18), ("Nông", 12), ("Ma", 10), ("Lục", 8), ("Lương", 8), ("Hà", 7), ("Vi", 5),
        ("Triệu", 5), ("Lường", 4), ("Đàm", 3), ("La", 3), ("Bế", 3),
    ),
    male_middles=(("Văn", 80), ("Đức", 10), ("Quang", 5), ("Minh", 5)),
    female_middles=(("Thị", 90), ("Thu", 5), ("Hồng", 5)),
    male_given=_TAY_MALE_GIVEN,
    female_given=_TAY_FEMALE_GIVEN,
)  # fmt: skip

NUNG = NameStyle(
    surnames=(("Nông", 20), ("Hoàng", 18), ("Lục", 12), ("Vi", 8), ("Lương", 8), ("Sầm", 5), ("Mạc", 4)),
    male_middles=(("Văn", 90), ("Seo", 10)),
    female_middles=(("Thị", 100),),
    male_given=(*_TAY_MALE_GIVEN[:12], "Chúng", "Phủ", "Sài", "Pẩu", "Sếnh"),
    female_given=(*_TAY_FEMALE_GIVEN[:12], "Dung", "Mằn", "Ẩu"),
)

GIAY = NameStyle(
    surnames=(("Lò", 20), ("Hoàng", 15), ("Vương", 12), ("Lù", 10), ("Sần", 8), ("Lồ", 6), ("Lý", 5)),
    male_middles=(("Văn", 100),),
    female_middles=(("Thị", 100),),
    male_given=("Sẻn", "Pín", "Chiến", "Dương", "Thắng", "Khoa", "Lìn", "Sáng", "Quang", "Tuyên"),
    female_given=("Dung", "Phương", "Thìn", "Mai", "Lan", "Hương", "Sinh", "Thảo"),
)

PHU_LA = NameStyle(
    surnames=(("Vàng", 20), ("Lý", 15), ("Pờ", 10), ("Thào", 10), ("Lồ", 8), ("Hoàng", 8), ("Sần", 5)),
    male_middles=(("Văn", 70), ("Seo", 30)),
    female_middles=(("Thị", 100),),
    male_given=("Sểnh", "Chín", "Phà", "Sèng", "Tỉn", "Dình", "Sáng", "Vần"),
    female_given=("Mỷ", "Sa", "Xuân", "Mai", "Dung", "Sinh"),
)

HA_NHI = NameStyle(
    surnames=(("Chu", 20), ("Lỳ", 18), ("Pờ", 12), ("Phu", 10), ("Ly", 8), ("Sừ", 6), ("Lò", 6), ("Chù", 4)),
    male_middles=(("Văn", 100),),
    female_middles=(("Thị", 100),),
    male_given=("Xá", "Chà", "Gơ", "Phì", "Dơ", "Lô", "Chừ", "Hừ", "Cà", "Pà"),
    female_given=("Mé", "Cói", "Sú", "Mì", "Phà", "Pó", "Xí", "Lù"),
    no_middle=0.1,
)

NAME_STYLES: dict[str, NameStyle] = {
    Ethnicity.KINH: KINH,
    Ethnicity.HMONG: HMONG,
    Ethnicity.TAY: TAY,
    Ethnicity.DAO: DAO,
    Ethnicity.GIAY: GIAY,
    Ethnicity.NUNG: NUNG,
    Ethnicity.PHU_LA: PHU_LA,
    Ethnicity.HA_NHI: HA_NHI,
    # Smaller groups of Lào Cai: Thái, Bố Y, La Chí, Hoa. Tày naming is the closest fit.
    Ethnicity.THAI: TAY,
    Ethnicity.BO_Y: GIAY,
    Ethnicity.LA_CHI: TAY,
    Ethnicity.HOA: KINH,
}

_OTHERS: Weighted = ((Ethnicity.THAI, 1), (Ethnicity.BO_Y, 1), (Ethnicity.LA_CHI, 1), (Ethnicity.HOA, 1))

# Ethnic mix per district of Lào Cai (2021 GSO district codes).
DISTRICT_ETHNIC_MIX: dict[str, Weighted] = {
    # Thành phố Lào Cai
    "080": ((Ethnicity.KINH, 78), (Ethnicity.TAY, 7), (Ethnicity.GIAY, 4), (Ethnicity.DAO, 4),
            (Ethnicity.HMONG, 3), (Ethnicity.NUNG, 2), *_OTHERS),
    # Huyện Bát Xát
    "082": ((Ethnicity.KINH, 18), (Ethnicity.DAO, 27), (Ethnicity.HMONG, 25), (Ethnicity.GIAY, 12),
            (Ethnicity.HA_NHI, 9), (Ethnicity.TAY, 4), (Ethnicity.PHU_LA, 2), *_OTHERS),
    # Huyện Mường Khương
    "083": ((Ethnicity.HMONG, 40), (Ethnicity.NUNG, 22), (Ethnicity.KINH, 12), (Ethnicity.PHU_LA, 8),
            (Ethnicity.DAO, 7), (Ethnicity.TAY, 3), (Ethnicity.GIAY, 3), *_OTHERS),
    # Huyện Si Ma Cai
    "084": ((Ethnicity.HMONG, 80), (Ethnicity.NUNG, 9), (Ethnicity.KINH, 6), (Ethnicity.PHU_LA, 3),
            (Ethnicity.DAO, 1), (Ethnicity.TAY, 1)),
    # Huyện Bắc Hà
    "085": ((Ethnicity.HMONG, 48), (Ethnicity.TAY, 14), (Ethnicity.KINH, 13), (Ethnicity.DAO, 10),
            (Ethnicity.NUNG, 10), (Ethnicity.PHU_LA, 4), (Ethnicity.GIAY, 1)),
    # Huyện Bảo Thắng
    "086": ((Ethnicity.KINH, 62), (Ethnicity.TAY, 10), (Ethnicity.DAO, 9), (Ethnicity.HMONG, 6),
            (Ethnicity.GIAY, 5), (Ethnicity.PHU_LA, 3), (Ethnicity.NUNG, 3), *_OTHERS),
    # Huyện Bảo Yên
    "087": ((Ethnicity.TAY, 38), (Ethnicity.KINH, 30), (Ethnicity.DAO, 18), (Ethnicity.HMONG, 8),
            (Ethnicity.PHU_LA, 2), (Ethnicity.NUNG, 2), *_OTHERS),
    # Thị xã Sa Pa
    "088": ((Ethnicity.HMONG, 52), (Ethnicity.DAO, 23), (Ethnicity.KINH, 15), (Ethnicity.GIAY, 5),
            (Ethnicity.TAY, 4), (Ethnicity.HA_NHI, 1)),
    # Huyện Văn Bàn
    "089": ((Ethnicity.TAY, 38), (Ethnicity.KINH, 25), (Ethnicity.DAO, 18), (Ethnicity.HMONG, 15),
            (Ethnicity.GIAY, 1), *_OTHERS),
}  # fmt: skip

# For a commune outside the nine districts above (never in the real map): the province as a whole.
PROVINCE_ETHNIC_MIX: Weighted = (
    (Ethnicity.KINH, 35), (Ethnicity.HMONG, 26), (Ethnicity.TAY, 15), (Ethnicity.DAO, 14),
    (Ethnicity.GIAY, 4), (Ethnicity.NUNG, 4), (Ethnicity.PHU_LA, 1), (Ethnicity.HA_NHI, 1), *_OTHERS,
)  # fmt: skip

# Village name syllables: the first by style, the second shared. "Thôn Na Hối", "Bản Sín Chải".
HIGHLAND_FIRST = ("Sín", "Lao", "Tả", "Seo", "Phìn", "Lùng", "Sán", "Ngải", "Mào", "Tà", "Sả", "Cán", "Lử")
VALLEY_FIRST = ("Na", "Nậm", "Cốc", "Khe", "Pa", "Bản", "Làng", "Nà", "Bó", "Pác", "Khuổi", "Vài")
SECOND = (
    "Chải", "Lin", "Hối", "Pắc", "Cáng", "Sả", "Chồ", "Thầu", "Mý", "Phố", "Khánh", "Bó", "Vai",
    "Luông", "Đẩy", "Mòn", "Chư", "Sáng", "Cậy", "Phìn", "Mới", "Trung", "Tiến", "Hồ", "Ván", "Kha",
)  # fmt: skip

# Where residents away from home are working or studying.
AWAY_LOCATIONS = (
    "Công nhân KCN Yên Phong, Bắc Ninh",
    "Công nhân KCN Quế Võ, Bắc Ninh",
    "Công nhân KCN VSIP Bắc Ninh",
    "Công nhân KCN Quang Châu, Bắc Giang",
    "Công nhân KCN Vân Trung, Bắc Giang",
    "Công nhân KCN Thăng Long, Hà Nội",
    "Công nhân KCN Bắc Thăng Long, Hà Nội",
    "Sinh viên tại Hà Nội",
    "Công nhân KCN Bá Thiện, Vĩnh Phúc",
    "Công nhân KCN Đình Vũ, Hải Phòng",
    "Làm thuê tại Bình Dương",
    "Lao động tự do tại TP Hồ Chí Minh",
)

# Vietnamese mobile prefixes in use since the 2018 renumbering, weighted by how common
# each network is in the northern mountains (Viettel first).
MOBILE_PREFIXES: Weighted = (
    ("086", 6), ("096", 8), ("097", 8), ("098", 8), ("032", 5), ("033", 5), ("034", 5), ("035", 5),
    ("036", 5), ("037", 5), ("038", 5), ("039", 5),  # Viettel
    ("088", 2), ("091", 3), ("094", 3), ("081", 1), ("082", 1), ("083", 1), ("084", 1), ("085", 1),  # Vinaphone
    ("089", 1), ("090", 2), ("093", 2), ("070", 1), ("076", 1), ("077", 1), ("078", 1), ("079", 1),  # MobiFone
    ("092", 1), ("056", 1), ("058", 1),  # Vietnamobile
    ("099", 1), ("059", 1),  # Gmobile
)  # fmt: skip

CHRONIC_CONDITIONS: Weighted = (
    (ChronicCondition.HYPERTENSION, 35), (ChronicCondition.DIABETES, 20), (ChronicCondition.HEART, 10),
    (ChronicCondition.COPD, 8), (ChronicCondition.ASTHMA, 6), (ChronicCondition.KIDNEY, 5),
    (ChronicCondition.STROKE, 4), (ChronicCondition.LIVER, 4), (ChronicCondition.CANCER, 3),
    (ChronicCondition.OBESITY, 3), (ChronicCondition.OTHER, 2),
)  # fmt: skip

# Vietnam's age pyramid in the bands of every denominator: (from, to inclusive, weight %).
AGE_PYRAMID: tuple[tuple[int, int, int], ...] = (
    (0, 4, 8), (5, 11, 11), (12, 17, 9), (18, 49, 50), (50, 64, 14), (65, 95, 8),
)  # fmt: skip

# Village names where most people are Kinh (lowland, along the roads and the railway).
KINH_VILLAGE_NAMES = (
    "Tân Tiến", "Đoàn Kết", "Thống Nhất", "Quyết Thắng", "Hòa Bình", "Tân Lập", "Bình Minh",
    "Xuân Quang", "Làng Mới", "Trung Tâm", "Phú Thịnh", "Tân An", "Cầu Xi", "Ga", "Chợ", "Đồng Tâm",
)  # fmt: skip
