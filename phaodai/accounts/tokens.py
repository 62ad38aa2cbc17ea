"""API keys: made random, stored hashed, bound to the password they were issued under.

The key is 40 random URL-safe characters (240 bits); the database keeps its SHA-256, so a copy
of the database signs no one in. Keys are compared by hash lookup (a unique index), never by
string comparison of secrets.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

KEY_BYTES = 30  # → 40 characters
PREFIX_LENGTH = 8


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(password_hash: str) -> str:
    """A keyed digest of the user's stored password hash: changes whenever the password does."""
    return hmac.new(settings.SECRET_KEY.encode(), password_hash.encode(), hashlib.sha256).hexdigest()
