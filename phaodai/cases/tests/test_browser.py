"""A health officer on a 360 px phone: the case page (classification, eligibility, end of
isolation, timeline) and the transfer page with its proposals fit the screen, under the CSP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.cases.enums import BedKind, CareSetting, VaccinationStatus
from phaodai.cases.models import Case
from phaodai.cases.tests.factories import make_case, make_facility
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_person
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_case_and_transfer_pages_on_a_phone(live_server, units):
    make_user(
        role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_dt", password="mat-khau-dt-1"
    )
    make_facility(
        unit=units["Huyện Bắc Hà"],
        tier=CareSetting.DISTRICT,
        name="Khu điều trị Bắc Hà",
        beds={BedKind.ORDINARY: 3},
    )
    person = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Vàng Seo Lử", birth_date=dt.date(1966, 5, 2)
    )
    case = make_case(
        person=person,
        confirmed_on=dt.date(2022, 2, 10),
        vaccination_status=VaccinationStatus.UNVACCINATED,
        respiratory_rate=18,
        spo2=97,
        symptoms=["fever"],
    )

    with phone_page() as page:
        seen = _walk(page, live_server.url, case.pk)

    assert "Điều kiện điều trị tại nhà" in seen["case"]
    assert "Nguy cơ cao" in seen["case"]
    assert seen["case_overflow"] <= 0
    assert seen["proposals"] == ["Khu điều trị Bắc Hà"]
    assert seen["transfer_overflow"] <= 0
    assert seen["csp_violations"] == []
    moved = Case.objects.unscoped().get(pk=case.pk)
    assert (moved.care_setting, moved.facility.name if moved.facility else None) == (
        CareSetting.DISTRICT,
        "Khu điều trị Bắc Hà",
    )


def _walk(page: Any, base: str, case_id: int) -> dict[str, Any]:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "yte_dt")
    page.fill("#id_password", "mat-khau-dt-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/ca-benh/{case_id}/")
    case_text = page.inner_text("main")
    case_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(SHOTS / "cases-case-360.png"), full_page=True)
    page.goto(f"{base}/ca-benh/{case_id}/chuyen/?care_setting=district&bed_kind=ordinary")
    proposals = page.locator("section .records .name").all_inner_texts()
    transfer_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(SHOTS / "cases-transfer-360.png"), full_page=True)
    page.fill("#id_reason", "Nhóm nguy cơ cao")
    page.click("button[name=save]")
    page.wait_for_url(f"{base}/ca-benh/{case_id}/")
    return {
        "case": case_text,
        "case_overflow": case_overflow,
        "proposals": proposals,
        "transfer_overflow": transfer_overflow,
        "csp_violations": list(page.csp_violations),
    }
