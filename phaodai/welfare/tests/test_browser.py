"""On a 360 px phone: a community member records a delivery at the household's door; the list
then shows the household reached and the figure moves. Screenshots in var/screenshots/."""

from __future__ import annotations

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_household, make_person
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page
from phaodai.welfare.models import Delivery
from phaodai.welfare.tests.factories import make_package, make_vulnerable

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_delivery_is_recorded_on_a_phone_and_the_household_counts_as_reached(live_server, units):
    commune = units["Xã Bản Phố"]
    leader = make_user(role=Role.COMMUNE_LEADER, home_unit=commune, username="lanhdao_xa")
    make_user(role=Role.COMMUNITY_MEMBER, home_unit=commune, username="to_covid", password="mat-khau-to-1")
    waiting = make_household(unit=units["Thôn Bản Phố 1"], code="BP1-301", address="Nhà số 1")
    waiting.head = make_person(residence_unit=waiting.unit, full_name="Vàng Thị Pằng", household=waiting)
    waiting.save(update_fields=["head"])
    other = make_household(unit=units["Thôn Bản Phố 2"], code="BP2-302", address="Nhà số 2")
    make_vulnerable(actor=leader, household=waiting)
    make_vulnerable(actor=leader, household=other)
    package = make_package(actor=leader, unit=commune, name="Gạo 10 kg và mì tôm", stock=5)
    base = live_server.url
    seen = {}

    with phone_page() as page:
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", "to_covid")
        page.fill("#id_password", "mat-khau-to-1")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/an-sinh/?unit={commune.pk}")
        seen["before"] = page.inner_text("[data-reached]")
        page.screenshot(path=str(SHOTS / "welfare-1-list.png"), full_page=True)
        page.goto(f"{base}/an-sinh/phat/?unit={commune.pk}&household={waiting.pk}")
        page.select_option("#id_package", value=str(package.pk))
        page.fill("#id_quantity", "2")
        page.fill("#id_delivered_by", "Tổ Covid cộng đồng thôn 1")
        seen["overflow"] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(SHOTS / "welfare-2-delivery.png"), full_page=True)
        page.click("main form button[type=submit]")
        page.wait_for_selector(".msg-success")
        seen["message"] = page.inner_text(".msg-success")
        page.goto(f"{base}/an-sinh/?unit={commune.pk}")
        seen["after"] = page.inner_text("[data-reached]")
        seen["first"] = page.locator("#results .records .name").first.inner_text()
        page.screenshot(path=str(SHOTS / "welfare-3-list-after.png"), full_page=True)
        seen["csp"] = list(page.csp_violations)

    assert seen["before"] == "0/2"
    assert seen["after"] == "1/2"
    assert seen["message"] == "Đã ghi nhận phát 2 suất Gạo 10 kg và mì tôm cho hộ BP1-301."
    assert seen["first"].startswith("Hộ BP2-302")  # the one not reached this week comes first
    assert Delivery.objects.unscoped().get().delivered_by == "Tổ Covid cộng đồng thôn 1"
    assert seen["overflow"] <= 0
    assert seen["csp"] == []
