"""Vietnamese text helpers: cleaning what was typed, folding diacritics for search and matching.

Everything a user or a file sends passes ``clean_text`` at the boundary (the shared form base
``ui.forms.Form`` and the API's ``api.fields.Serializer`` do it for every field): NFC, and no
invisible characters. A zero-width space inside "Nguy​ễn" would hide the person from search
and from the duplicate scan, a byte-order mark at the start breaks capitalisation, and a
right-to-left override reorders what an export shows. Numbers that identify (a CCCD, a phone)
also pass ``ascii_digits``: a CMND typed with full-width or Arabic-Indic digits is the same
number.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_SPACES = re.compile(r"\s+")
_NOT_KEY = re.compile(r"[^a-z0-9 ]")
# Line breaks and tabs are kept (notes have lines); every other control character goes.
_KEPT_CONTROLS = frozenset("\n\r\t")


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cf":  # format: zero-width space/joiners, BOM, bidirectional controls
        return False
    return category != "Cc" or ch in _KEPT_CONTROLS


def clean_text(text: str) -> str:
    """NFC, without invisible format and control characters (line breaks and tabs stay)."""
    composed = unicodedata.normalize("NFC", text)
    if composed.isprintable():  # no control or format character (nor any other invisible one)
        return composed
    return "".join(ch for ch in composed if _visible(ch))


def clean_value(value: Any) -> Any:
    """``clean_text`` applied to every string inside a value (lists, dicts) as a client sent it."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_value(item) for key, item in value.items()}
    return value


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as its ASCII digit: "０９１２" and "٠٩١٢" are "0912"."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: "Nguyễn Văn Đức" -> "nguyen van duc".

    Đ/đ is a letter of its own, not a d with a mark, so NFD leaves it alone;
    it is mapped by hand. Invisible characters are dropped, not turned into spaces.
    """
    text = clean_text(text).replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    lowered = _NOT_KEY.sub(" ", stripped.lower())
    return _SPACES.sub(" ", lowered).strip()


def normalize_name(text: str) -> str:
    """Tidy a person's or a place's name as typed: clean, NFC, single spaces, each word capitalised."""
    text = _SPACES.sub(" ", clean_text(text)).strip()
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split(" "))
