"""Matching a file's headers to the fields of a kind of import, Vietnamese with or without diacritics.

A kind of import declares its ``Column``s (field name, label, the headers people write for it).
Headers are compared folded ("Họ và tên", "HO VA TEN", "họ  và tên:" all read "ho va ten"), so
a list typed on a phone without diacritics maps the same as one from the commune's Excel.
``find_header`` takes the first of the top rows that names at least two known columns (lists
often start with a title such as "DANH SÁCH NHÂN KHẨU THÔN …").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from phaodai.core.text import fold

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    name: str
    label: str | Promise
    aliases: tuple[str, ...] = field(default_factory=tuple)
    required: bool = False

    def header_keys(self) -> set[str]:
        return {fold(str(self.label)), *(fold(alias) for alias in self.aliases)}


def header_key(text: object) -> str:
    return fold(str(text or ""))


def signature(headers: Sequence[str]) -> str:
    """The same headers (folded, in order) give the same signature: the key of a remembered mapping."""
    return hashlib.sha256("|".join(header_key(h) for h in headers).encode()).hexdigest()


def auto_mapping(headers: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """``{header: field}`` for the headers recognised; each field taken once, by the first header."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = header_key(header)
        for column in columns:
            if column.name not in taken and key and key in column.header_keys():
                found[header] = column.name
                taken.add(column.name)
                break
    return found


def find_header(
    rows: Iterable[tuple[int, list[Any]]], columns: Sequence[Column]
) -> tuple[int, list[str]] | None:
    """(row number, headers) of the header row among the first rows, or None."""
    for count, (number, cells) in enumerate(rows):
        if count >= HEADER_SEARCH_ROWS:
            return None
        headers = [str(cell).strip() if cell is not None else "" for cell in cells]
        if len(auto_mapping(headers, columns)) >= 2:
            return number, headers
    return None
