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
