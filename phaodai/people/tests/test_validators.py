import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from phaodai.people.enums import Sex
from phaodai.people.validators import (
    CCCD_PROVINCE_CODES,
    CccdFacts,
    cccd_facts,
    normalize_phone,
    validate_birth,
    validate_national_id,
)

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("cccd Hà Nội, nam 1990", "001090012345", "001090012345"),
        ("cccd Lào Cai, nữ 1985", "010185000123", "010185000123"),
        ("cccd Nam Định, nam 2003", "036203001234", "036203001234"),
        ("cccd Cà Mau, last province code", "096301000001", "096301000001"),
        ("cccd typed with spaces", " 001 090 012 345 ", "001090012345"),
        ("old 9-digit cmnd", "012345678", "012345678"),
        ("blank is allowed", "   ", ""),
    ],
)
def test_validate_national_id_accepts(_case, value, expected):
    assert validate_national_id(value) == expected


@pytest.mark.parametrize(
    ("_case", "value", "message"),
    [
        (
            "11 digits",
            "00109001234",
            "Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 11 chữ số.",
        ),
        ("8 digits", "12345678", "Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 8 chữ số."),
        ("letters", "0010900123AB", "Số CCCD/CMND chỉ gồm chữ số."),
        (
            "003 is no province",
            "003090012345",
            "Mã tỉnh 003 ở đầu số CCCD không có trong danh mục của Bộ Công an.",
        ),
        (
            "000 is no province",
            "000090012345",
            "Mã tỉnh 000 ở đầu số CCCD không có trong danh mục của Bộ Công an.",
        ),
        (
            "097 is past the last",
            "097090012345",
            "Mã tỉnh 097 ở đầu số CCCD không có trong danh mục của Bộ Công an.",
        ),
        ("born 2099", "001299000000", "Số CCCD cho năm sinh 2099, là năm chưa tới."),
        ("22nd century code", "001490000000", "Số CCCD cho năm sinh 2190, là năm chưa tới."),
    ],
)
def test_validate_national_id_rejects(_case, value, message):
    with pytest.raises(ValidationError) as caught:
        validate_national_id(value)
    assert caught.value.messages == [message]


def test_cccd_province_codes_are_the_63_provinces_of_circular_07_2016():
    assert len(CCCD_PROVINCE_CODES) == 63
    assert CCCD_PROVINCE_CODES["010"] == "Lào Cai"
    assert CCCD_PROVINCE_CODES["012"] == "Lai Châu"
    assert min(CCCD_PROVINCE_CODES) == "001"
    assert max(CCCD_PROVINCE_CODES) == "096"


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("male 20th century", "010090000001", CccdFacts("010", "Lào Cai", Sex.MALE, 1990)),
        ("female 20th century", "012185000001", CccdFacts("012", "Lai Châu", Sex.FEMALE, 1985)),
        ("male 21st century", "001205000001", CccdFacts("001", "Hà Nội", Sex.MALE, 2005)),
        ("female 21st century", "001312000001", CccdFacts("001", "Hà Nội", Sex.FEMALE, 2012)),
        ("cmnd says nothing", "012345678", None),
    ],
)
def test_cccd_facts(_case, value, expected):
    assert cccd_facts(value) == expected


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("spaces", "0912 345 678", "0912345678"),
        ("plus country code", "+84912345678", "0912345678"),
        ("country code with dashes", "84-912-345-678", "0912345678"),
        ("00 international prefix", "0084 912 345 678", "0912345678"),
        ("country code and trunk zero", "+84 (0) 912 345 678", "0912345678"),
        ("viettel 03x", "0362.123.456", "0362123456"),
        ("vinaphone 08x", "0888123456", "0888123456"),
        ("landline Lào Cai 11 digits", "0214 3840 123", "02143840123"),
        ("landline Hà Nội 11 digits", "024.3825.1234", "02438251234"),
        ("landline 10 digits", "0203 123 456", "0203123456"),
        ("blank is allowed", "", ""),
    ],
)
def test_normalize_phone_accepts(_case, value, expected):
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    ("_case", "value", "message"),
    [
        (
            "old 11-digit 01x mobile",
            "01234567890",
            "Số điện thoại không hợp lệ: 01234567890 (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02).",
        ),
        (
            "9 digits",
            "091234567",
            "Số điện thoại không hợp lệ: 091234567 (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02).",
        ),
        (
            "11-digit mobile",
            "09123456789",
            "Số điện thoại không hợp lệ: 09123456789 (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02).",
        ),
        (
            "06 is no prefix",
            "0612345678",
            "Số điện thoại không hợp lệ: 0612345678 (di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; cố định bắt đầu bằng 02).",
        ),
        ("letters", "09123abc78", "Số điện thoại không hợp lệ: 09123abc78."),
        ("foreign number", "+1 202 555 0100", "Số điện thoại không hợp lệ: +1 202 555 0100."),
        (
            "foreign 00 prefix",
            "001 202 555 0100",
            "Số điện thoại không hợp lệ: 001 202 555 0100 (không phải số Việt Nam).",
        ),
    ],
)
def test_normalize_phone_rejects(_case, value, message):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert caught.value.messages == [message]


@pytest.mark.parametrize(
    ("_case", "birth_year", "birth_date"),
    [
        ("year only", 1980, None),
        ("date only", None, dt.date(1990, 5, 1)),
        ("both, consistent", 1990, dt.date(1990, 5, 1)),
        ("earliest year", 1900, None),
        ("born this year", 2026, None),
        ("born today", None, TODAY),
    ],
)
def test_validate_birth_accepts(_case, birth_year, birth_date):
    assert validate_birth(birth_year, birth_date, TODAY) is None  # type: ignore[func-returns-value]


@pytest.mark.parametrize(
    ("_case", "birth_year", "birth_date", "errors"),
    [
        ("neither", None, None, {"birth_year": ["Cần nhập năm sinh hoặc ngày sinh."]}),
        ("before 1900", 1899, None, {"birth_year": ["Năm sinh phải từ 1900 đến 2026."]}),
        ("next year", 2027, None, {"birth_year": ["Năm sinh phải từ 1900 đến 2026."]}),
        ("tomorrow", None, dt.date(2026, 11, 28), {"birth_date": ["Ngày sinh không được sau ngày hôm nay."]}),
        (
            "date before 1900",
            None,
            dt.date(1899, 12, 31),
            {"birth_date": ["Ngày sinh phải từ năm 1900 trở đi."]},
        ),
        (
            "date and year disagree",
            1990,
            dt.date(1991, 1, 1),
            {"birth_date": ["Ngày sinh (năm 1991) không khớp với năm sinh 1990."]},
        ),
    ],
)
def test_validate_birth_rejects(_case, birth_year, birth_date, errors):
    with pytest.raises(ValidationError) as caught:
        validate_birth(birth_year, birth_date, TODAY)
    assert caught.value.message_dict == errors
