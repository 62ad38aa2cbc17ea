"""The fast entry of a screening on a 360 px phone, keyboard only (Chromium through Playwright)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.labtests.enums import ResultValue
from phaodai.labtests.models import Sample
from phaodai.labtests.tests.factories import make_session
from phaodai.people.tests.factories import make_person
from phaodai.web.tests.test_browser import CHROMIUM, SHOTS, phone_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_lines_typed_on_a_phone_with_the_keyboard_only(live_server, units):
    officer = make_user(
        role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_dt", password="mat-khau-dt-1"
    )
    mai = make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Lù Thị Mai", birth_year=1985, phone="0912345678"
    )
    chu = make_person(
        residence_unit=units["Thôn Bản Phố 2"], full_name="Giàng Seo Chử", birth_year=1972, phone="0987001122"
    )
    session = make_session(actor=officer, unit=units["Xã Bản Phố"], held_on=dt.date(2022, 4, 20))

    with phone_page() as page:
        seen = _type_two_lines(page, live_server.url, session.pk)

    lines = {
        s.person_id: s.result.result
        for s in Sample.objects.unscoped().filter(session=session).select_related("result")
    }
    assert lines == {mai.pk: ResultValue.POSITIVE, chu.pk: ResultValue.NEGATIVE}
    assert seen["lines"] == 2
    assert seen["focus"] == "who"  # ready for the next person
    assert seen["overflow"] <= 0
    assert seen["csp_violations"] == []


def _type_two_lines(page: Any, base: str, session_id: int) -> dict[str, Any]:
    from playwright.sync_api import expect

    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "yte_dt")
    page.fill("#id_password", "mat-khau-dt-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/xet-nghiem/dot/{session_id}/")

    who = page.locator("form[data-entry] input[name=who]")
    who.focus()
    page.keyboard.type("lu thi mai")
    expect(page.locator("#suggest input[name=person]:checked")).to_have_count(1)
    page.keyboard.press("Enter")  # to the result
    page.keyboard.press("+")  # positive
    page.keyboard.press("Enter")  # saves the line
    expect(page.locator("#lines > li")).to_have_count(1)

    page.locator("form[data-entry] input[name=who]").focus()
    page.keyboard.type("1122")  # the last digits of the phone
    expect(page.locator("#suggest .name").first).to_have_text("Giàng Seo Chử")
    page.keyboard.press("Enter")
    page.keyboard.press("-")
    page.keyboard.press("Enter")
    expect(page.locator("#lines > li")).to_have_count(2)
    page.screenshot(path=str(SHOTS / "labtests-fast-entry.png"), full_page=True)
    return {
        "lines": page.locator("#lines > li").count(),
        "focus": page.evaluate("document.activeElement && document.activeElement.name"),
        "overflow": page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
        "csp_violations": list(page.csp_violations),
    }
