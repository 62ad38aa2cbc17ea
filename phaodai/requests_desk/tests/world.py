"""The request desk's part of the test world (``tests/world.py``): one request in each commune.

The Lùng Phình request's requester, phone and text are its secrets. The public pages (the form,
the receipt) are ``@public`` and so not walked; their own tests show that a receipt page holds
no personal data.
"""

from __future__ import annotations

from typing import Any

from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.services import request_submit_public


def contribute(world: Any) -> None:
    units = world.units
    own = request_submit_public(
        unit=units["Thôn Bản Phố 1"],
        category="food",
        description="Nhà hết gạo, có cụ già ốm.",
        requester_name="Vàng Thị Sua",
        requester_phone="0915000777",
    )
    other = request_submit_public(
        unit=units["Thôn Lùng Phình"],
        category="complaint",
        description="Phản ánh chốt kiểm dịch Suối Thầu thu tiền.",
        requester_name="Ma Seo Chử",
        requester_phone="0915000888",
    )
    world.requests = {"own": own, "other": other}
    world.record("request_id", own=own.pk, other=other.pk)
    world.secret(other.requester_name, other.requester_phone, other.description, other.receipt_code)
    world.search(other.requester_name, other.requester_phone, other.receipt_code)

    def state() -> list[Any]:
        return list(
            ResidentRequest.objects.unscoped()
            .filter(pk=other.pk)
            .values_list("status", "assigned_to", "resolution", "person", "version")
        )

    world.watch(state)
