"""Paging for every API list: ``?page=2&page_size=100``, counted up to a cap like the web lists.

A province-wide list may match a million rows; counting them all on every page is what
makes the peers' APIs slow. ``count`` stops at ``PagePagination.cap`` (``count_capped``
says so, and pages past the cap answer 404): a client that needs every row of its area
follows the change feed of the resource instead (``?since=``, ``phaodai.api.sync``).
"""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from phaodai.api.fields import ID_MAX, parse_id
from phaodai.core.pagination import CappedPaginator


class PagePagination(PageNumberPagination):
    """``{"count", "count_capped", "next", "previous", "results"}``; 50 rows a page, at most 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator
    # Lazy, as DRF's own are (translated per request); its stubs declare them plain ``str``.
    page_query_description = _("Số trang, bắt đầu từ 1.")  # type: ignore[assignment]
    page_size_query_description = _("Số bản ghi mỗi trang (mặc định 50, tối đa 500).")  # type: ignore[assignment]
    invalid_page_message = _("Trang không tồn tại.")  # type: ignore[assignment]

    def _number(self, request: Request, name: str) -> int | None:
        """The positive integer a paging parameter holds; absent is None; anything else is a 400."""
        raw = request.query_params.get(name)
        if raw is None:
            return None
        number = parse_id(raw)
        if number is None:
            raise ValidationError(
                {
                    name: [
                        gettext_now("Cần một số nguyên từ 1 trở lên; đã nhận “%(value)s”.")
                        % {"value": raw[:40]}
                    ]
                }
            )
        return number

    def get_page_size(self, request: Request) -> int:
        size = self._number(request, self.page_size_query_param)
        if size is None:
            return self.page_size
        if size > self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        gettext_now("Mỗi trang có nhiều nhất %(n)d bản ghi.") % {"n": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: APIView | None = None
    ) -> Any:
        self._number(request, self.page_query_param)  # page=0, page=null: a 400, not a 404 or a 500
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "format": "int64", "minimum": 1, "maximum": ID_MAX}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_paginated_response(self, data: Any) -> Response:
        # ``paginate_queryset`` has set the page, made by ``django_paginator_class``.
        page = cast("Page[Any]", self.page)
        paginator = cast(CappedPaginator, page.paginator)
        return Response(
            {
                "count": paginator.shown_count,
                "count_capped": paginator.is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page = super().get_paginated_response_schema(schema)
        page["properties"]["count"]["description"] = (
            f"Số bản ghi, đếm tới {CappedPaginator.cap}; nhiều hơn thì count_capped là true."
        )
        page["properties"] = {
            "count": page["properties"]["count"],
            "count_capped": {
                "type": "boolean",
                "description": "true: có hơn count bản ghi; hãy lọc hẹp hơn hoặc dùng nguồn thay đổi (?since=).",
            },
            **{k: v for k, v in page["properties"].items() if k != "count"},
        }
        page["required"] = ["count", "count_capped", "next", "previous", "results"]
        page["properties"]["next"]["example"] = "https://phaodai.example.vn/api/v1/people/?page=4"
        page["properties"]["previous"]["example"] = "https://phaodai.example.vn/api/v1/people/?page=2"
        return page
