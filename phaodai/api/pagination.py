"""Page-number pagination for every API list: ``?page=2&page_size=100``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; 50 rows a page, at most 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = _("Số trang, bắt đầu từ 1.")
    page_size_query_description = _("Số bản ghi mỗi trang (mặc định 50, tối đa 500).")
    invalid_page_message = _("Trang không tồn tại.")

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        page = super().get_paginated_response_schema(schema)
        page["required"] = ["count", "next", "previous", "results"]
        page["properties"]["next"]["example"] = "https://phaodai.example.vn/api/v1/people/?page=4"
        page["properties"]["previous"]["example"] = "https://phaodai.example.vn/api/v1/people/?page=2"
        return page
