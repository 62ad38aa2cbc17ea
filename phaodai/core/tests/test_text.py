import pytest

from phaodai.core.text import fold, normalize_name


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("diacritics", "Nguyễn Văn Đức", "nguyen van duc"),
        ("d with stroke lower", "đỗ thị hằng", "do thi hang"),
        ("extra spaces and punctuation", "  Lò  Thị-Mỷ ", "lo thi my"),
        ("decomposed input", "Nguye\u0302\u0303n", "nguyen"),
        ("already folded", "nguyen van a", "nguyen van a"),
    ],
)
def test_fold(_case, text, expected):
    assert fold(text) == expected


def test_normalize_name_capitalises_each_word_and_composes_marks():
    assert normalize_name("  nguyễn   VĂN a ") == "Nguyễn Văn A"


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("zero-width space inside a word", "Nguy\u200bễn", "Nguyễn"),
        ("byte-order mark first", "\ufeffnguyễn", "nguyễn"),
        ("right-to-left override", "Lò\u202e Văn", "Lò Văn"),
        ("zero-width joiner", "Mỷ\u200d", "Mỷ"),
        ("decomposed marks are composed", "Nguye\u0302\u0303n", "Nguyễn"),
        ("a control character", "A\x07B", "AB"),
        ("line breaks and tabs stay", "dòng 1\ndòng\t2", "dòng 1\ndòng\t2"),
    ],
)
def test_clean_text_removes_what_cannot_be_seen(_case, text, expected):
    from phaodai.core.text import clean_text

    assert clean_text(text) == expected


def test_invisible_characters_do_not_change_the_search_key_or_the_capitals():
    assert fold("Nguy\u200bễn Văn An") == fold("Nguyễn Văn An") == "nguyen van an"
    assert normalize_name("\ufeffnguyễn văn an") == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("full-width", "０１２３４５６７８", "012345678"),
        ("Arabic-Indic", "٠١٢٣٤٥٦٧٨", "012345678"),
        ("Devanagari", "०९१२", "0912"),
        ("ASCII stays", "0912 345", "0912 345"),
        ("superscript two is no decimal digit", "²", "²"),
    ],
)
def test_ascii_digits(_case, text, expected):
    from phaodai.core.text import ascii_digits

    assert ascii_digits(text) == expected
