"""Deliberate duplicates: the same resident registered twice, as happens in real registries.

Two ways it happens in the field, alternating:

* **Typed again without diacritics** — a community team copies a paper list on a phone
  without a Vietnamese keyboard: "Nguyen Van Thang", same birth year, no date, no CCCD,
  no household, in the same village.
* **Registered again in another village, without the CCCD** — the person registered
  temporary residence in another village of the commune; the clerk dropped the marks of
  the given name and did not copy the CCCD, which the registry would have refused: a
  number belongs to one record in use (``people.services.national_id_taken``). The pair
  is found by name and birth date in the commune.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence

from phaodai.areas.models import AdminUnit
from phaodai.core.text import fold
from phaodai.people.enums import ResidenceStatus
from phaodai.people.models import Person
from phaodai.people.services import derive_person

ASCII_NOTE = "Nhập lại từ danh sách giấy của tổ Covid cộng đồng"
OTHER_VILLAGE_NOTE = "Đăng ký tạm trú ở thôn khác trong xã, chưa ghi số CCCD"
# What the second record shares with the first; the rest is left blank, as typed in a hurry.
_KEPT = ("sex", "birth_year", "ethnicity", "residence_unit", "is_pregnant")


def _ascii_name(full_name: str) -> str:
    return " ".join(word.capitalize() for word in fold(full_name).split(" "))


def _slip(full_name: str) -> str:
    """The name with the given name's diacritics dropped ("Giàng Seo Páo" -> "Giàng Seo Pao")."""
    head, _, given = full_name.rpartition(" ")
    plain = _ascii_name(given)
    if plain == given:  # nothing to drop: drop them from the whole name instead
        return _ascii_name(full_name)
    return f"{head} {plain}" if head else plain


def _copy(original: Person, *, pk: int, rng: random.Random, full_name: str, **changes: object) -> Person:
    copy = Person(
        pk=pk,
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        full_name=full_name,
        chronic_conditions=list(original.chronic_conditions),
        **{name: getattr(original, name) for name in _KEPT},
        **changes,
    )
    derive_person(copy)
    return copy


def make_duplicates(
    rng: random.Random,
    residents: Sequence[Person],
    *,
    villages: Sequence[AdminUnit],
    count: int,
    new_pk: Callable[[], int],
) -> list[Person]:
    """``count`` second records of adults of one commune (with a CCCD), alternating the two ways."""
    adults = [p for p in residents if p.national_id and p.household_id is not None]
    villages = sorted(villages, key=lambda village: village.path)
    copies: list[Person] = []
    for number, original in enumerate(rng.sample(adults, min(count, len(adults)))):
        if number % 2 == 0:
            copy = _copy(
                original, pk=new_pk(), rng=rng, full_name=_ascii_name(original.full_name), notes=ASCII_NOTE
            )
        else:
            others = [v for v in villages if v.pk != original.residence_unit_id] or list(villages)
            elsewhere = rng.choice(others)
            copy = _copy(
                original,
                pk=new_pk(),
                rng=rng,
                full_name=_slip(original.full_name),
                notes=OTHER_VILLAGE_NOTE,
                birth_date=original.birth_date,
                residence_status=ResidenceStatus.TEMPORARY,
            )
            copy.residence_unit = elsewhere
            copy.derive_area()
        copies.append(copy)
    return copies
