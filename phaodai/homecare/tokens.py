"""The secret of a personal monitoring link: long, random, stored only as its hash.

A token is 32 random bytes (256 bits, ``secrets.token_urlsafe``: 43 URL-safe characters). With
that much chance no salt or slow hash is needed: the database keeps ``sha256(token)`` and a link
is found by the hash of what was presented, so a copy of the database opens no link.
"""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 32
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> tuple[str, str]:
    """``(token, its hash)``: the token is shown once (link, QR code), the hash is stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def well_formed(token: str) -> bool:
    """Whether ``token`` could be one of ours (anything else is refused before a query)."""
    return bool(_SHAPE.match(token))
