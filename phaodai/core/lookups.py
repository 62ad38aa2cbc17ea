"""Lookups registered on every model field (``CoreConfig.ready``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db.models import lookups

if TYPE_CHECKING:
    _In = lookups.In[Any]
else:
    _In = lookups.In


class AnyOf(_In):
    """``field__any_of=values``: ``field IN (…)``, except on PostgreSQL, where it is
    ``field = ANY(%s)`` with the values as one array parameter. An import asks for a thousand
    CCCDs, phones and names per batch: compiled and quoted one parameter at a time, they cost
    more than the query (the same index serves both forms)."""

    lookup_name = "any_of"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = list(dict.fromkeys(v for v in self.rhs if v is not None))
        if not values:
            raise EmptyResultSet
        prepared = [field.get_db_prep_value(v, connection, prepared=True) for v in values]
        # Typed as the column: an array of another type (Python's ints as int4, say) is compared
        # by casting every row's value, without the hashed lookup PostgreSQL gives an IN list.
        return f"{lhs_sql} = ANY(%s::{field.cast_db_type(connection)}[])", [*lhs_params, prepared]
