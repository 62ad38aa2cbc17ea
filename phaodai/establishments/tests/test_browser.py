"""On a 360 px phone (Debian's Chromium): an officer records a violation with a fine, the lists
of violations, announcements and establishments fit the screen, and a resident opens the public
situation page without logging in. No page breaks the Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.announcements.enums import AnnouncementStatus
from phaodai.announcements.models import UnitSituation
from phaodai.announcements.tests.factories import make_announcement
from phaodai.core.roles import Role
from phaodai.establishments.enums import EstablishmentKind
from phaodai.establishments.tests.factories import make_establishment
from phaodai.violations.models import Violation
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_phone_flows_of_violations_announcements_and_establishments(live_server, units):
    commune, village = units["Xã Bản Phố"], units["Thôn Bản Phố 1"]
    leader = make_user(
        role=Role.COMMUNE_LEADER, home_unit=commune, username="canbo_vp", password="mat-khau-vp-1"
    )
    make_establishment(unit=village, name="Công ty May Bắc Hà", industrial_park="Cụm công nghiệp Bắc Hà")
    make_establishment(unit=village, kind=EstablishmentKind.SCHOOL, name="Trường PTDTBT Tiểu học Bản Phố")
    make_announcement(
        unit=commune,
        written_by=leader,
        title="Tạm dừng chợ phiên Bản Phố",
        status=AnnouncementStatus.PUBLISHED,
        targets=[village],
    )
    UnitSituation.objects.create(unit=commune, measures="Chợ phiên tạm dừng.", hotline="02143880115")
    base = live_server.url

    with phone_page() as page:
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", "canbo_vp")
        page.fill("#id_password", "mat-khau-vp-1")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")

        page.goto(f"{base}/vi-pham/them/?unit={commune.pk}")
        page.select_option("#id_unit", str(village.pk))
        page.select_option("#id_offender_kind", "other")
        page.fill("#id_offender_name", "Lý Văn Sử")
        page.fill("#id_rule_text", "Không đeo khẩu trang nơi công cộng")
        page.fill("#id_legal_basis", "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP")
        page.fill("#id_place", "Chợ phiên")
        page.fill("#id_occurred_at", "2021-08-20T09:30")
        page.select_option("#id_decision", "fine")
        page.fill("#id_fine_amount", "-2000000")
        page.fill("#id_decision_number", "12/QĐ-XPHC")
        page.fill("#id_decision_date", "21/08/2021")
        page.click("main button[type=submit]")
        refused = page.locator(".field-error").all_inner_texts()
        form_overflow = _overflow(page)
        page.screenshot(path=str(SHOTS / "violation-form-refused.png"), full_page=True)
        page.fill("#id_fine_amount", "2000000")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/vi-pham/*/")
        detail = page.content()
        page.screenshot(path=str(SHOTS / "violation-detail.png"), full_page=True)

        overflows = {}
        for name, path in (
            ("violations", "/vi-pham/"),
            ("announcements", "/thong-bao/"),
            ("establishments", "/co-so/"),
        ):
            page.goto(f"{base}{path}")
            overflows[name] = _overflow(page)
            page.screenshot(path=str(SHOTS / f"{name}-list.png"), full_page=True)

        page.context.clear_cookies()
        page.goto(f"{base}/thong-bao/cong-khai/{commune.pk}/")
        public = page.content()
        overflows["public"] = _overflow(page)
        page.screenshot(path=str(SHOTS / "public-situation.png"), full_page=True)
        violations = list(page.csp_violations)

    assert refused == ["Số tiền phạt phải lớn hơn 0 đồng."]
    assert form_overflow <= 0
    assert "Lý Văn Sử" in detail
    assert Violation.objects.unscoped().get().fine_amount == 2_000_000
    assert overflows == {"violations": 0, "announcements": 0, "establishments": 0, "public": 0}
    assert "Tạm dừng chợ phiên Bản Phố" in public
    assert "02143880115" in public
    assert violations == []
