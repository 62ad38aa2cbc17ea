"""Checks of what people type about a resident: identity number, phone, birth.

Each function either returns the value in its canonical form or raises
``ValidationError`` with a Vietnamese message. They hold no database access, so
forms, serializers, imports and services can all call them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.core.text import ascii_digits, clean_text
from phaodai.people.enums import Sex
from phaodai.people.errors import PeopleErrorCode

# Province codes that open a 12-digit personal identification number (số định danh cá nhân,
# printed on the CCCD card): the place where the birth was registered. Source: Phụ lục I,
# "Danh mục mã tỉnh, thành phố trực thuộc trung ương nơi công dân đăng ký khai sinh", of
# Thông tư 07/2016/TT-BCA (01/02/2016), unchanged by Thông tư 40/2019/TT-BCA and
# Thông tư 59/2021/TT-BCA. They are the 63 provinces' GSO codes (Quyết định 124/2004/QĐ-TTg)
# with a leading zero. The 2025 merger kept one predecessor's code for each of the 34 new
# provinces (Quyết định 19/2025/QĐ-TTg), so the set below still covers every number issued.
CCCD_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

# The 4th digit gives sex and century (Điều 7, Thông tư 07/2016/TT-BCA): 0/1 = male/female
# born 1900–1999, 2/3 = 2000–2099, 4/5 = 2100–2199, 6/7 = 2200–2299, 8/9 = 2300–2399.
_CENTURY_OF_CODE = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}

_SEPARATORS = re.compile(r"[\s.\-()/]+")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_LANDLINE_PREFIX = "02"
EARLIEST_BIRTH_YEAR = 1900


class CccdFacts(NamedTuple):
    """What a 12-digit CCCD number says about its holder."""

    province_code: str
    province: str
    sex: str  # Sex.MALE / Sex.FEMALE
    birth_year: int


def _strip(value: str) -> str:
    """The number as digits: separators out, digits of any script as ASCII (a CMND typed in
    full-width or Arabic-Indic digits is the same number), invisible characters out."""
    value = value or ""
    if value.isascii() and value.isdigit():
        return value  # already digits: nothing to clean (an import's cells, a stored number)
    return _SEPARATORS.sub("", ascii_digits(clean_text(value)))


def validate_national_id(value: str, *, today: dt.date | None = None) -> str:
    """Check a CCCD (12 digits) or an old CMND (9 digits); return it without spaces.

    A blank value is returned as "" (the number is optional). For a CCCD the first
    three digits must be a province code of the CCCD scheme and the birth year it
    encodes (4th digit = century and sex, 5th–6th = last two digits of the year)
    must not lie in the future (``today``: the caller's date, read once for many numbers).
    """
    number = _strip(value)
    if not number:
        return ""
    if not number.isdigit():
        raise ValidationError(_("Số CCCD/CMND chỉ gồm chữ số."), code=PeopleErrorCode.NATIONAL_ID_NOT_DIGITS)
    if len(number) == 9:
        return number
    if len(number) != 12:
        raise ValidationError(
            _("Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có %(n)d chữ số.")
            % {"n": len(number)},
            code=PeopleErrorCode.NATIONAL_ID_LENGTH,
        )
    facts = cccd_facts(number)
    if facts is None:
        raise ValidationError(
            _("Mã tỉnh %(code)s ở đầu số CCCD không có trong danh mục của Bộ Công an.")
            % {"code": number[:3]},
            code=PeopleErrorCode.NATIONAL_ID_PROVINCE,
        )
    if facts.birth_year > (today.year if today is not None else _this_year()):
        raise ValidationError(
            _("Số CCCD cho năm sinh %(year)d, là năm chưa tới.") % {"year": facts.birth_year},
            code=PeopleErrorCode.NATIONAL_ID_FUTURE_YEAR,
        )
    return number


def cccd_facts(number: str) -> CccdFacts | None:
    """Province, sex and birth year encoded in a 12-digit CCCD; None if it is not one."""
    number = _strip(number)
    if len(number) != 12 or not number.isdigit() or number[:3] not in CCCD_PROVINCE_CODES:
        return None
    code = int(number[3])
    return CccdFacts(
        province_code=number[:3],
        province=CCCD_PROVINCE_CODES[number[:3]],
        sex=Sex.MALE if code % 2 == 0 else Sex.FEMALE,
        birth_year=_CENTURY_OF_CODE[code] + int(number[4:6]),
    )


def normalize_phone(value: str) -> str:
    """Return a Vietnamese phone number as dialled at home: "0912345678".

    Accepts spaces, dots, dashes and the country code (+84, 84, 0084). Mobiles are
    10 digits starting 03, 05, 07, 08, 09; landlines start 02 and have 10 or 11
    digits including the area code. A blank value is returned as "".
    """
    raw = (value or "").strip()
    number = _strip(raw)
    if not number:
        return ""
    if number.startswith("+"):
        number = number[1:]
    if number.startswith("00"):
        number = number[2:]
        if not number.startswith("84"):
            raise ValidationError(
                _("Số điện thoại không hợp lệ: %(value)s (không phải số Việt Nam).") % {"value": raw},
                code=PeopleErrorCode.PHONE_INVALID,
            )
    if number.startswith("84") and len(number) >= 11:
        rest = number[2:]
        number = rest if rest.startswith("0") else "0" + rest
    if not number.isdigit() or not number.startswith("0"):
        raise ValidationError(
            _("Số điện thoại không hợp lệ: %(value)s.") % {"value": raw}, code=PeopleErrorCode.PHONE_INVALID
        )
    if number.startswith(_MOBILE_PREFIXES) and len(number) == 10:
        return number
    if number.startswith(_LANDLINE_PREFIX) and len(number) in (10, 11):
        return number
    raise ValidationError(
        _(
            "Số điện thoại không hợp lệ: %(value)s (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02)."
        )
        % {"value": raw},
        code=PeopleErrorCode.PHONE_INVALID,
    )


def validate_birth(birth_year: int | None, birth_date: dt.date | None, today: dt.date) -> None:
    """Year between 1900 and this year, date not in the future and in that year.

    At least one of the two must be given (the registry needs an age). Errors are
    keyed by field ("birth_year", "birth_date") so forms show them in place.
    """
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if birth_year is None and birth_date is None:
        raise ValidationError(
            {
                "birth_year": [
                    ValidationError(
                        _("Cần nhập năm sinh hoặc ngày sinh."), code=PeopleErrorCode.BIRTH_REQUIRED
                    )
                ]
            }
        )
    if birth_year is not None and not EARLIEST_BIRTH_YEAR <= birth_year <= today.year:
        add(
            "birth_year",
            _("Năm sinh phải từ %(first)d đến %(last)d.")
            % {"first": EARLIEST_BIRTH_YEAR, "last": today.year},
            PeopleErrorCode.BIRTH_YEAR_RANGE,
        )
    if birth_date is not None:
        if birth_date > today:
            add("birth_date", _("Ngày sinh không được sau ngày hôm nay."), PeopleErrorCode.BIRTH_DATE_FUTURE)
        elif birth_date.year < EARLIEST_BIRTH_YEAR:
            add(
                "birth_date",
                _("Ngày sinh phải từ năm %(first)d trở đi.") % {"first": EARLIEST_BIRTH_YEAR},
                PeopleErrorCode.BIRTH_DATE_TOO_EARLY,
            )
        if birth_year is not None and birth_year != birth_date.year:
            add(
                "birth_date",
                _("Ngày sinh (năm %(date_year)d) không khớp với năm sinh %(year)d.")
                % {"date_year": birth_date.year, "year": birth_year},
                PeopleErrorCode.BIRTH_DATE_YEAR_MISMATCH,
            )
    if errors:
        raise ValidationError(errors)


def _this_year() -> int:
    return timezone.localdate().year
