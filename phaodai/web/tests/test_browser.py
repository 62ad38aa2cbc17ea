"""One real browser run: a commune officer on a 360×740 phone logs in and searches "nguyen".

Drives the Debian Chromium at /usr/bin/chromium through Playwright (never a downloaded
browser). Skipped only where that Chromium is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_person

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@contextmanager
def phone_page() -> Iterator[Any]:
    """A page of a 360×740 phone. Playwright runs an event loop while open, and Django refuses
    database calls from a thread with a running loop: make the data before, check it after."""
    from playwright.sync_api import ConsoleMessage, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
        try:
            page = context.new_page()
            # What the Content-Security-Policy refused (an inline script or style, an eval).
            violations: list[str] = []

            def on_console(message: ConsoleMessage) -> None:
                if "Content Security Policy" in message.text:
                    violations.append(message.text)

            page.on("console", on_console)
            setattr(page, "csp_violations", violations)  # noqa: B010  # read by the tests
            yield page
        finally:
            context.close()
            browser.close()


@pytest.mark.django_db(transaction=True)
def test_officer_logs_in_on_a_phone_and_searches_without_diacritics(live_server, units):
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo_dt", password="mat-khau-dt-1"
    )
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn Ân", birth_year=1980)
    make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Nguyễn Thị Hoa", sex="F", birth_year=1990)
    make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Hoàng Văn Dũng", birth_year=1975)
    make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Nguyễn Văn Lùng", birth_year=1970)

    with phone_page() as page:
        seen = _log_in_and_search(page, live_server.url)

    assert seen["lang"] == "vi"  # an English phone still gets Vietnamese
    assert seen["menu_hidden_at_first"] is True
    assert seen["menu_shown_after_tap"] is True
    assert sorted(seen["names"]) == ["Nguyễn Thị Hoa", "Nguyễn Văn Ân"]
    assert "q=nguyen" in seen["url"]  # the search is in the address, so the link can be shared
    assert "Nguyễn Văn Lùng" not in seen["content"]
    assert seen["overflow"] <= 0  # nothing wider than the phone
    assert seen["csp_violations"] == []  # the strict policy breaks neither the menu nor HTMX


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_runs_under_the_content_security_policy(live_server, db):
    from playwright.sync_api import expect

    with phone_page() as page:
        response = page.goto(f"{live_server.url}/api/docs/")
        policy = response.header_value("content-security-policy") if response else ""
        expect(page.locator(".opblock-tag").first).to_be_visible(timeout=15000)
        tags = page.locator(".opblock-tag").all_inner_texts()
        violations = list(page.csp_violations)

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert any(tag.startswith("people") for tag in tags)
    assert violations == []


def _log_in_and_search(page: Any, base: str) -> dict[str, Any]:
    """What the officer sees, collected while the browser is open."""
    from playwright.sync_api import expect

    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "canbo_dt")
    page.fill("#id_password", "mat-khau-dt-1")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    home_menu_hidden = not page.is_visible("nav.nav")
    page.click("summary")
    home_menu_shown = page.is_visible("nav.nav")

    page.goto(f"{base}/nhan-khau/")
    page.fill("#id_q", "nguyen")  # no diacritics, no submit: HTMX searches as one types
    expect(page.locator("#results .records > li")).to_have_count(2)
    names = page.locator("#results .records .name").all_inner_texts()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return {
        "menu_hidden_at_first": home_menu_hidden,
        "menu_shown_after_tap": home_menu_shown,
        "names": names,
        "url": page.url,
        "content": page.content(),
        "overflow": overflow,
        "lang": page.get_attribute("html", "lang"),
        "csp_violations": list(page.csp_violations),
    }
