"""Request desk records for tests, through the real services (the receipt code, the audit row)."""

from __future__ import annotations

from typing import Any

from phaodai.areas.models import AdminUnit
from phaodai.requests_desk.enums import RequestCategory, Urgency
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.services import request_submit_public


def make_request(
    *,
    unit: AdminUnit,
    category: str = RequestCategory.FOOD,
    urgency: str = Urgency.NORMAL,
    description: str = "Nhà hết gạo từ hôm qua, có hai cụ già.",
    requester_name: str = "Sùng Thị Dế",
    requester_phone: str = "0912555666",
    **extra: Any,
) -> ResidentRequest:
    return request_submit_public(
        unit=unit,
        category=category,
        urgency=urgency,
        description=description,
        requester_name=requester_name,
        requester_phone=requester_phone,
        **extra,
    )
