"""On a 360 px phone: a resident files a request on the public form and gets a receipt code; the
officer on duty sees the alert and resolves it; the resident's receipt page shows it resolved.

Drives the Debian Chromium at /usr/bin/chromium (Playwright); screenshots in var/screenshots/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.models import AlertDelivery
from phaodai.command.enums import Office, Position
from phaodai.command.tests.factories import make_centre, make_member, make_shift
from phaodai.core.roles import Role
from phaodai.requests_desk.enums import RequestStatus
from phaodai.requests_desk.models import ResidentRequest
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_resident_files_a_request_the_officer_on_duty_resolves_it_the_receipt_shows_it(live_server, units):
    commune = units["Xã Bản Phố"]
    centre = make_centre(unit=commune)
    on_duty = make_user(
        role=Role.COMMUNE_LEADER, home_unit=commune, username="truc_ban", password="mat-khau-truc-1"
    )
    off_duty = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="nghi_ca")
    member = make_member(
        centre=centre, full_name="Lù Văn Chính", position=Position.HEAD, office=Office.PC_CHAIR, user=on_duty
    )
    make_member(centre=centre, full_name="Vàng A Tủa", user=off_duty)
    make_shift(member=member, starts_at=timezone.now() - dt.timedelta(hours=1), hours=8)
    base = live_server.url
    seen: dict[str, Any] = {}

    with phone_page() as page:
        # The resident: the commune's form (the link a loudspeaker announcement or a poster gives).
        page.goto(f"{base}/yeu-cau/gui/?noi={commune.pk}")
        page.select_option("#id_unit", label="Thôn Bản Phố 2 — Xã Bản Phố")
        page.check("input[name=category][value=hospital_transport]")
        page.fill("#id_description", "Vợ tôi sắp sinh, đau bụng nhiều, cần xe đưa lên bệnh viện huyện.")
        page.fill("#id_requester_name", "Giàng A Páo")
        page.fill("#id_requester_phone", "0912 345 678")
        seen["form_overflow"] = _overflow(page)
        page.screenshot(path=str(SHOTS / "requests-1-public-form.png"), full_page=True)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/yeu-cau/bien-nhan/**")
        seen["code"] = page.inner_text("[data-receipt]")
        seen["receipt_url"] = page.url
        seen["status_before"] = page.inner_text("[data-status]")
        seen["receipt_overflow"] = _overflow(page)
        page.screenshot(path=str(SHOTS / "requests-2-receipt.png"), full_page=True)

        # The officer on duty: the alert in the inbox, the request, resolving it.
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", "truc_ban")
        page.fill("#id_password", "mat-khau-truc-1")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/canh-bao/")
        seen["alert"] = page.inner_text("#inbox .records .name")
        page.screenshot(path=str(SHOTS / "requests-3-alert.png"), full_page=True)
        page.click("#inbox .records a.name")
        page.wait_for_url(f"{base}/yeu-cau/*/")
        seen["desk_overflow"] = _overflow(page)
        page.screenshot(path=str(SHOTS / "requests-4-request.png"), full_page=True)
        page.click("[data-resolve]")
        page.fill(
            "#id_resolution", "Xe cứu thương của Trạm y tế đã đưa sản phụ lên bệnh viện huyện lúc 10 giờ."
        )
        page.screenshot(path=str(SHOTS / "requests-5-resolve.png"), full_page=True)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{base}/yeu-cau/*/")
        seen["desk_status"] = page.inner_text("[data-status]")
        page.context.clear_cookies()

        # The resident again: the receipt shows it resolved.
        page.goto(seen["receipt_url"])
        seen["status_after"] = page.inner_text("[data-status]")
        seen["resolution"] = page.inner_text("[data-resolution]")
        seen["receipt_text"] = page.inner_text("main")
        page.screenshot(path=str(SHOTS / "requests-6-receipt-resolved.png"), full_page=True)
        seen["csp"] = list(page.csp_violations)

    request = ResidentRequest.objects.unscoped().get()
    assert seen["code"] == request.receipt_display
    assert seen["status_before"] == "Mới tiếp nhận"
    assert seen["alert"] == f"Yêu cầu khẩn của người dân, mã {request.receipt_display}, tại Thôn Bản Phố 2"
    assert list(AlertDelivery.objects.values_list("user__username", flat=True)) == ["truc_ban"]
    assert seen["desk_status"] == "Đã giải quyết"
    assert seen["status_after"] == "Đã giải quyết"
    assert seen["resolution"].startswith("Xe cứu thương của Trạm y tế")
    assert "Giàng A Páo" not in seen["receipt_text"]
    assert "0912345678" not in seen["receipt_text"]
    assert request.status == RequestStatus.RESOLVED
    assert request.resolved_by == on_duty
    assert max(seen["form_overflow"], seen["receipt_overflow"], seen["desk_overflow"]) <= 0
    assert seen["csp"] == []
