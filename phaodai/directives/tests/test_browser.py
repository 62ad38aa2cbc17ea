"""A commune officer on a 360×740 phone: the task inbox, acknowledge, report progress, report the
task done with the command centre as evidence; then the district's compliance page. Nothing is
wider than the phone and the strict Content-Security-Policy is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.command.tests.factories import make_centre
from phaodai.core.roles import Role
from phaodai.directives.enums import TaskStatus
from phaodai.directives.models import Task
from phaodai.directives.services import task_assign
from phaodai.directives.tests.factories import make_directive
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


def _log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_commune_officer_reports_a_task_on_a_phone(live_server, units):
    district = make_user(
        role=Role.DISTRICT_LEADER,
        home_unit=units["Huyện Bắc Hà"],
        username="huyen_dt",
        password="mat-khau-dt-2",
    )
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="xa_dt", password="mat-khau-dt-1"
    )
    directive = make_directive(
        actor=district,
        unit=units["Huyện Bắc Hà"],
        issued_on=dt.date(2021, 8, 26),
        summary="V/v triển khai thực hiện các biện pháp cấp bách phòng, chống dịch Covid-19",
    )
    task_assign(
        actor=district,
        directive=directive,
        unit=units["Huyện Bắc Hà"],
        every_commune=True,
        title="Thành lập Trung tâm Chỉ huy phòng, chống dịch cấp xã",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 8, 27),
    )
    make_centre(unit=units["Xã Bản Phố"], established_on=dt.date(2021, 8, 27))
    base = live_server.url
    seen: dict[str, Any] = {}
    with phone_page() as page:
        _log_in(page, base, "xa_dt", "mat-khau-dt-1")
        page.goto(f"{base}/chi-dao/nhiem-vu/")
        page.screenshot(path=str(SHOTS / "directives-inbox-360.png"), full_page=True)
        seen["inbox"] = page.locator("#results .records .name").all_inner_texts()
        page.click("#results .records a")
        page.click(".actions button:has-text('Tiếp nhận')")
        seen["after_ack"] = page.locator(".messages").inner_text()
        page.click(".actions a:has-text('Báo cáo tiến độ')")
        page.fill("#id_progress", "50")
        page.fill("#id_note", "Đã có dự thảo quyết định.")
        page.screenshot(path=str(SHOTS / "directives-progress-360.png"), full_page=True)
        seen["overflow_form"] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.click("main button[type=submit]")
        page.click(".actions a:has-text('Báo cáo hoàn thành')")
        page.select_option("#id_evidence", index=1)
        page.click("main button[type=submit]")
        seen["detail"] = page.locator("main").inner_text()
        page.screenshot(path=str(SHOTS / "directives-task-360.png"), full_page=True)
        seen["overflow_task"] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        seen["csp"] = list(page.csp_violations)

    with phone_page() as page:
        _log_in(page, base, "huyen_dt", "mat-khau-dt-2")
        page.goto(f"{base}/chi-dao/ket-qua/?on=01/09/2021")
        page.screenshot(path=str(SHOTS / "directives-compliance-360.png"), full_page=True)
        seen["compliance"] = page.locator("main").inner_text()
        seen["csp_district"] = list(page.csp_violations)

    assert seen["inbox"] == ["Xã Bản Phố · Thành lập Trung tâm Chỉ huy phòng, chống dịch cấp xã"]
    assert "Đã tiếp nhận nhiệm vụ." in seen["after_ack"]
    assert "Hoàn thành đúng hạn" in seen["detail"]
    assert "Trung tâm Chỉ huy phòng, chống dịch Xã Bản Phố" in seen["detail"]
    assert seen["overflow_form"] <= 0
    assert seen["overflow_task"] <= 0
    assert seen["csp"] == []
    assert seen["csp_district"] == []
    assert "Xã Lùng Phình" in seen["compliance"]
    task = Task.objects.unscoped().get(unit=units["Xã Bản Phố"])
    assert (task.status, task.completed_on, task.progress) == (TaskStatus.DONE, dt.date(2021, 8, 27), 100)
