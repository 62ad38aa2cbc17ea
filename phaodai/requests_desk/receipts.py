"""Receipt codes: short, unambiguous when read aloud or copied, unguessable enough.

Eight characters of an alphabet without the look-alikes 0/O, 1/I/L: 31⁸ ≈ 8.5 × 10¹¹ codes,
drawn with ``secrets``. With the public lookup limited to ``receipt_lookup`` per address
(30 a minute), finding any one of a commune's requests by guessing is out of reach.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(text: str) -> str | None:
    """The stored form of what a resident typed (``abcd-efgh``, ``ABCD EFGH``), or None."""
    code = "".join(ch for ch in (text or "").upper() if not ch.isspace() and ch not in "-.")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
