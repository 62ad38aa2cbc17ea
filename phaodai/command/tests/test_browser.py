"""On a 360×740 phone: a commune officer sees who is on duty in the menu, the centre page with
the phone of the officer on duty, and the week's roster (with a gap shown) without scrolling
sideways. Screenshots go to var/screenshots/ (look at them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.command.enums import Office, Position
from phaodai.command.tests.factories import make_centre, make_member, make_shift
from phaodai.core.roles import Role
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_officer_on_a_phone_sees_who_is_on_duty_and_reads_the_roster(live_server, units):
    from playwright.sync_api import expect

    officer = make_user(
        role=Role.COMMUNE_LEADER,
        home_unit=units["Xã Bản Phố"],
        username="chutich_dt",
        password="mat-khau-dt-1",
    )
    centre = make_centre(unit=units["Xã Bản Phố"], officers_per_shift=2)
    chair = make_member(
        centre=centre,
        full_name="Lù Văn Chính",
        position=Position.HEAD,
        office=Office.PC_CHAIR,
        office_detail="Chủ tịch UBND xã Bản Phố",
        phone="0912300001",
        user=officer,
    )
    police = make_member(
        centre=centre,
        full_name="Thào Seo Dũng",
        position=Position.DEPUTY,
        office=Office.POLICE_CHIEF,
        phone="0912300002",
    )
    health = make_member(
        centre=centre, full_name="Sùng Thị Mai", office=Office.HEALTH_HEAD, phone="0912300003"
    )
    now = timezone.localtime()
    monday = (now - dt.timedelta(days=now.weekday())).replace(hour=7, minute=0, second=0, microsecond=0)
    # One night without anyone, away from "now" so that the extra hour below never covers it.
    gap_day = 4 if now.weekday() <= 2 else 1
    for day in range(7):
        start = monday + dt.timedelta(days=day)
        make_shift(member=chair if day % 2 else police, starts_at=start, hours=8)
        make_shift(member=health, starts_at=start, hours=8)
        make_shift(member=police if day % 2 else chair, starts_at=start + dt.timedelta(hours=8), hours=8)
        if day != gap_day:
            make_shift(member=health, starts_at=start + dt.timedelta(hours=16), hours=8, leads=False)
    # An extra hour around "now" (whatever the wall clock says) puts the police chief on duty.
    make_shift(
        member=police,
        starts_at=now.replace(second=0, microsecond=0) - dt.timedelta(minutes=30),
        hours=1,
    )

    with phone_page() as page:
        base = live_server.url
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", "chutich_dt")
        page.fill("#id_password", "mat-khau-dt-1")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.click("summary")
        expect(page.locator("nav.nav .duty-now")).to_contain_text("Thào Seo Dũng 0912300002")
        menu_line = page.locator("nav.nav .duty-now").inner_text()
        page.screenshot(path=str(SHOTS / "command-menu-360.png"), full_page=False)

        page.goto(f"{base}/chi-huy/trung-tam/{centre.pk}/")
        duty = page.locator(".duty-card").inner_text()
        centre_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(SHOTS / "command-centre-360.png"), full_page=True)

        page.goto(f"{base}/chi-huy/trung-tam/{centre.pk}/lich-truc/?tu={monday.date().isoformat()}")
        problems = page.locator(".problems").inner_text()
        gaps = page.locator(".slot.gap").count()
        roster_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(SHOTS / "command-roster-360.png"), full_page=True)
        page.goto(f"{base}/chi-huy/trung-tam/{centre.pk}/lich-truc/?xem=thang&tu={monday.date().isoformat()}")
        month_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(SHOTS / "command-roster-month-360.png"), full_page=True)
        violations = list(page.csp_violations)

    assert "Đang trực" in menu_line
    assert "Thào Seo Dũng" in duty
    assert "0912300002" in duty
    assert "Không có người trực" in problems
    assert gaps == 1
    assert (centre_overflow, roster_overflow, month_overflow) == (0, 0, 0)
    assert violations == []
