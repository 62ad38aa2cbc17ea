"""Query helpers that work the same on SQLite and PostgreSQL."""

from django.db.models import Q

# Greater than every character a KeyField holds (ASCII), so [p, p + _TOP) is "starts with p".
_TOP = "\x7f"


def prefix_q(field: str, prefix: str) -> Q:
    """``field`` starts with ``prefix``, written as a range so a B-tree index serves it.

    Django's ``__startswith`` becomes ``LIKE`` which SQLite evaluates
    case-insensitively and so cannot serve from a binary index.
    """
    if not prefix:
        return Q()
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _TOP})
