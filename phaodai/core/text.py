"""Vietnamese text helpers: folding diacritics for search and matching."""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NOT_KEY = re.compile(r"[^a-z0-9 ]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: "Nguyễn Văn Đức" -> "nguyen van duc".

    Đ/đ is a letter of its own, not a d with a mark, so NFD leaves it alone;
    it is mapped by hand.
    """
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    lowered = _NOT_KEY.sub(" ", stripped.lower())
    return _SPACES.sub(" ", lowered).strip()


def normalize_name(text: str) -> str:
    """Tidy a person's or a place's name as typed: NFC, single spaces, each word capitalised."""
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split(" "))
