"""Pagination for lists that may match a million rows."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination
    from django.db.models.fields import _ErrorMessagesDict


@runtime_checkable
class CappedResults(Protocol):
    """A result list that pages itself without a full count or sort (e.g. grouped search).

    ``capped_count(cap)`` is the number of results, or any number above ``cap`` when
    there are more; ``results[start:stop]`` is the list of rows at those positions
    (``stop`` never beyond ``cap + 1``).
    """

    def capped_count(self, cap: int) -> int: ...

    def __getitem__(self, item: slice) -> list[Any]: ...


class CappedPaginator(Paginator[Any]):
    """A paginator that never counts past ``cap`` rows and fetches a page's ids first.

    A province-wide search for a common name matches tens of thousands of residents;
    counting them all and sorting whole rows to show 25 is what makes the peers' lists
    slow. Here the count stops at ``cap + 1`` (the page says "hơn 1.000") and the page
    is read as ``WHERE pk IN (SELECT pk … ORDER BY … LIMIT n OFFSET m)``, so the sort
    handles keys, not rows with their joins. Pages past the cap ask the user to narrow.

    ``object_list`` may also be a ``CappedResults``, which counts and slices itself.
    """

    cap = 1000

    # Django's paginator keeps whatever it is given; its stubs say a sequence, which a
    # ``CappedResults`` is not. The declarations below only widen the types (no code runs).
    object_list: _SupportsPagination[Any] | CappedResults  # type: ignore[assignment]

    if TYPE_CHECKING:

        def __init__(
            self,
            object_list: _SupportsPagination[Any] | CappedResults,
            per_page: int | str,
            orphans: int = 0,
            allow_empty_first_page: bool = True,
            error_messages: _ErrorMessagesDict | None = None,
        ) -> None: ...

        # Django's hook that makes each page (the stubs leave it out).
        def _get_page(
            self, object_list: _SupportsPagination[Any], number: int, paginator: Paginator[Any]
        ) -> Page[Any]: ...

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, CappedResults):
            return min(self.object_list.capped_count(self.cap), self.cap + 1)
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

    def page(self, number: Any) -> Page[Any]:
        if not isinstance(self.object_list, QuerySet | CappedResults):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if isinstance(self.object_list, CappedResults):
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)
