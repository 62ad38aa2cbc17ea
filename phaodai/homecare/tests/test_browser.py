"""Issue 9, done means: on a 360 px phone a relative opens the monitoring link, enters an
afternoon reading with SpO2 94 %, and the commune's health staff see the alert in their inbox.

Drives the Debian Chromium at /usr/bin/chromium through Playwright (``web.tests.test_browser``).
The clock is set to the afternoon of 11/02/2022 (the case's isolation, 261 in force) and ticks;
Playwright's own modules keep the real clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from freezegun import freeze_time

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.models import Alert
from phaodai.core.roles import Role
from phaodai.homecare import services
from phaodai.homecare.models import MonitoringEntry
from phaodai.homecare.tests.factories import local
from phaodai.people.tests.factories import make_person
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, _log_in, _slow_line, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

DAY = dt.date(2022, 2, 11)
REAL_CLOCK = ["playwright", "asyncio", "greenlet", "pyee"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_relative_enters_an_afternoon_spo2_of_94_and_the_health_staff_see_the_alert(live_server, units):
    from importlib import import_module

    from phaodai.homecare.tests.factories import make_home_case

    # A transactional test may follow another that flushed the migration's rule sets.
    services.rule_sets_install(
        import_module("phaodai.homecare.migrations.0002_warning_signs_rule_sets").RULE_SETS
    )
    make_user(
        role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_bt", password="mat-khau-yte-1"
    )
    patient = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Vàng Seo Lử", birth_date=dt.date(1980, 3, 3)
    )
    case = make_home_case(person=patient)
    nurse = make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_link")
    issued = services.link_create(actor=nurse, case=case, now=local(DAY, 8))
    base = live_server.url
    link = f"{base}/theo-doi-tai-nha/phieu-cua-toi/{case.pk}/{issued.token}/"

    with freeze_time(local(DAY, 15, 10), tick=True, ignore=REAL_CLOCK), phone_page() as page:
        seen = _relative_then_staff(page, base, link)

    entry = MonitoringEntry.objects.unscoped().get()
    assert (entry.day, entry.slot, entry.spo2, entry.signs, entry.source) == (
        DAY,
        "afternoon",
        94,
        [3],
        "link",
    )
    alert = Alert.objects.unscoped().get()
    assert alert.link == reverse("cases:case_transfer", kwargs={"case_id": case.pk})
    # the relative's phone
    assert seen["afternoon_checked"] is True
    assert seen["scripts"] == 0
    assert "Có dấu hiệu cần báo ngay. Trạm y tế xã đã được báo và sẽ liên hệ." in seen["after_send"]
    assert "3. SpO2 94 % ≤ 96" in seen["after_send"]
    assert seen["sheet_overflow"] <= 0
    # the health staff's inbox
    subject = f"Ca F0 số {case.pk} có dấu hiệu cảnh báo (3): đề nghị chuyển viện"
    assert subject in seen["inbox"]
    assert "SpO2 94 % ≤ 96" in seen["inbox"]
    assert seen["opened"].startswith(f"{base}{alert.link}")
    assert seen["inbox_overflow"] <= 0
    # the commune's board of the day and the case's sheet
    assert "Vàng Seo Lử" in seen["board"]
    assert "Có dấu hiệu cảnh báo" in seen["board"]
    assert "3. SpO2 94 % ≤ 96" in seen["sheet"]
    assert seen["sheet_page_overflow"] <= 0
    assert seen["csp_violations"] == []


def _relative_then_staff(page: Any, base: str, link: str) -> dict[str, Any]:
    from playwright.sync_api import expect

    _slow_line(page, 300)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Phiếu theo dõi sức khỏe tại nhà")
    afternoon_checked = page.is_checked("input[name=slot][value=afternoon]")
    scripts = page.locator("script").count()
    page.screenshot(path=str(SHOTS / "homecare-link-sheet.png"), full_page=True)
    page.fill("input[name=spo2]", "94")
    page.fill("input[name=pulse]", "92")
    page.fill("input[name=temperature]", "37,8")
    page.check("input[name=symptoms][value=ho]")
    page.click("main button[type=submit]")
    expect(page.locator(".panel-error")).to_be_visible()
    after_send = page.inner_text("main")
    sheet_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(SHOTS / "homecare-link-sent.png"), full_page=True)

    page.context.clear_cookies()
    _log_in(page, base, "yte_bt", "mat-khau-yte-1")
    page.goto(f"{base}/canh-bao/")
    inbox = page.inner_text("main")
    inbox_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(SHOTS / "homecare-alert-inbox.png"), full_page=True)
    page.locator("main a[href*='/mo/']").first.click()
    page.wait_for_load_state()
    opened = page.url
    page.screenshot(path=str(SHOTS / "homecare-alert-opened.png"), full_page=True)
    page.goto(f"{base}/theo-doi-tai-nha/")
    board = page.inner_text("main")
    page.screenshot(path=str(SHOTS / "homecare-board.png"), full_page=True)
    page.locator("main .records a").first.click()
    page.wait_for_load_state()
    sheet = page.inner_text("main")
    sheet_page_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(SHOTS / "homecare-case-sheet.png"), full_page=True)
    return {
        "afternoon_checked": afternoon_checked,
        "scripts": scripts,
        "after_send": after_send,
        "sheet_overflow": sheet_overflow,
        "inbox": inbox,
        "inbox_overflow": inbox_overflow,
        "opened": opened,
        "board": board,
        "sheet": sheet,
        "sheet_page_overflow": sheet_page_overflow,
        "csp_violations": list(page.csp_violations),
    }
