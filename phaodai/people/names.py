"""Vietnamese personal names: search keys and the surnames too common to be evidence."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from phaodai.core.text import fold


class NameKeys(NamedTuple):
    full: str  # "nguyen van an"
    tail: str  # "van an": without the surname, for "search by middle + given name"
    given: str  # "an": the given name, how neighbours know a person


@lru_cache(maxsize=65536)
def name_keys(full_name: str) -> NameKeys:
    """The three folded keys stored on a person: full name, name without surname, given name."""
    folded = fold(full_name)
    words = folded.split(" ")
    tail = " ".join(words[1:]) if len(words) > 1 else folded
    return NameKeys(full=folded, tail=tail, given=words[-1] if words else "")


# About 90 % of Vietnamese people carry one of these surnames (folded). A shared
# surname is no evidence that two records are the same person.
COMMON_SURNAMES = frozenset(
    {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang",
        "bui", "do", "ho", "ngo", "duong", "ly", "lo", "giang", "sung", "vang", "ma",
        "dinh", "trinh", "dao", "mai", "truong", "lam", "ha", "luong", "cao",
    }
)  # fmt: skip


def surname_key(full_name: str) -> str:
    """The folded surname (the first word): "Nguyễn Văn An" -> "nguyen"."""
    return fold(full_name).split(" ")[0]


def name_tail(full_name: str) -> str:
    """The folded name after the surname: "Nguyễn Văn An" -> "van an".

    Names are compared on this part, because the surname is shared by too many
    people to say anything about identity (see COMMON_SURNAMES).
    """
    return name_keys(full_name).tail


def is_common_surname(full_name: str) -> bool:
    return surname_key(full_name) in COMMON_SURNAMES
