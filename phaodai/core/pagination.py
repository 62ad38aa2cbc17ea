"""Pagination for lists that may match a million rows."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator that never counts past ``cap`` rows and fetches a page's ids first.

    A province-wide search for a common name matches tens of thousands of residents;
    counting them all and sorting whole rows to show 25 is what makes the peers' lists
    slow. Here the count stops at ``cap + 1`` (the page says "hơn 1.000") and the page
    is read as ``WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)``, so the sort
    handles keys, not rows with their joins. Pages past the cap ask the user to narrow.
    """

    cap = 1000

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return self.object_list[: self.cap + 1].count()
        return min(len(self.object_list), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def shown_count(self) -> int:
        """The count to print: the exact number, or the cap when there are more."""
        return min(self.count, self.cap)

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)
