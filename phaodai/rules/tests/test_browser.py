"""The rule set pages and the daily figures page on a 360×740 phone (Chromium, strict CSP)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.counts.services import count_add
from phaodai.rules.tests.conftest import KIND_APP, national
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_admin_reads_and_edits_rules_and_figures_on_a_phone(live_server, units, settings):
    with override_settings(
        INSTALLED_APPS=[*settings.INSTALLED_APPS, KIND_APP, "phaodai.counts.tests.tallyapp"]
    ):
        make_user(
            role=Role.SYSTEM_ADMIN,
            home_unit=units["Tỉnh Lào Cai"],
            username="quantri_dt",
            password="mat-khau-dt-1",
        )
        national(
            code="t.old",
            title="Cách ly 14 ngày theo văn bản cũ",
            valid_to=dt.date(2021, 12, 31),
            verified=True,
        )
        national(code="t.new", title="Cách ly 7 ngày", valid_from=dt.date(2022, 1, 1), parameters={"days": 7})
        today = timezone.localdate()
        count_add(unit=units["Xã Bản Phố"], day=today, indicator="tally.made", dims=["đỏ"], delta=3)

        with phone_page() as page:
            base = live_server.url
            page.goto(f"{base}/dang-nhap/")
            page.fill("#id_username", "quantri_dt")
            page.fill("#id_password", "mat-khau-dt-1")
            page.click("main button[type=submit]")
            page.wait_for_url(f"{base}/")
            seen = {}
            for name, path in (
                ("list", "/quy-dinh/"),
                ("detail", "/quy-dinh/t.new/"),
                ("edit", "/quy-dinh/t.new/sua/"),
                ("figures", f"/so-lieu/?indicator=tally.made&unit={units['Huyện Bắc Hà'].pk}"),
            ):
                page.goto(base + path)
                page.screenshot(path=str(SHOTS / f"rules-{name}.png"), full_page=True)
                seen[name] = {
                    "overflow": page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
                    "text": page.inner_text("main"),
                }
            page.goto(base + "/quy-dinh/t.new/sua/")
            page.fill("#id_p__days", "0")
            page.click("main form button[type=submit]")
            refused = page.inner_text("main")
            violations = list(page.csp_violations)

    assert all(found["overflow"] <= 0 for found in seen.values()), {k: v["overflow"] for k, v in seen.items()}
    assert "Đang áp dụng" in seen["list"]["text"]
    assert "Chưa xác minh" in seen["detail"]["text"]
    assert "Phiếu đếm thử: 3" in seen["figures"]["text"]
    assert "Phải từ 1 trở lên." in refused
    assert violations == []
