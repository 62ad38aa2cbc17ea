"""Model fields shared by every app."""

from typing import Any, TypeVar

from django.db import models

# The set and get types of a field, filled in by django-stubs from ``CharField``'s (``str``).
_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class KeyField(models.CharField[_ST, _GT]):
    """An ASCII key compared byte by byte: materialised paths, folded names.

    Prefix search on these keys must use an index on both databases. SQLite's
    default collation is already binary; on PostgreSQL the column gets the "C"
    collation so that ``LIKE 'x%'`` and range scans use a plain B-tree index
    whatever the database's locale.
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
