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
from phaodai.people.models import Person
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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
        try:
            yield context.new_page()
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


def _log_in_and_search(page: Any, base: str) -> dict[str, Any]:
    """What the officer sees, collected while the browser is open."""
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
    page.wait_for_function("document.querySelectorAll('#results .records > li').length === 2")
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
    }


@pytest.mark.django_db(transaction=True)
def test_officer_imports_a_list_with_errors_and_downloads_the_error_report(live_server, units, tmp_path):
    """On a phone: upload an .xlsx with two bad rows, check the preview, import the good rows, download
    the error report, and find in it the bad rows with their reasons."""
    from python_calamine import CalamineWorkbook

    from phaodai.sheets.tests.files import write_xlsx

    make_user(
        role=Role.COMMUNE_LEADER,
        home_unit=units["Xã Bản Phố"],
        username="canbo_nhap",
        password="mat-khau-nhap-1",
    )
    upload = write_xlsx(
        tmp_path / "danh-sach-ban-pho.xlsx",
        [
            ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn"],
            ["Giàng A Páo", "02/05/1980", "Nam", "010080000001", "Bản Phố 1"],
            ["Giàng Thị Mai", "31/02/1990", "Nữ", "", "Bản Phố 1"],
            ["Lò Văn Bình", "01/01/1985", "Nam", "01008500000A", "Bản Phố 2"],
            ["Vàng Thị Dợ", "05/09/1999", "Nữ", "", "Bản Phố 2"],
        ],
    )
    shots = Path(__file__).resolve().parents[3] / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)

    with phone_page() as page:
        base = live_server.url
        page.goto(f"{base}/dang-nhap/")
        page.fill("#id_username", "canbo_nhap")
        page.fill("#id_password", "mat-khau-nhap-1")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/nhan-khau/nhap/")
        page.set_input_files("#id_file", str(upload))
        page.select_option("#id_unit", label="Xã Bản Phố")
        page.check("input[name=mode][value=valid]")
        page.screenshot(path=str(shots / "import-upload.png"), full_page=True)
        page.click("main button[type=submit]")
        page.wait_for_url("**/nhan-khau/nhap/xem-truoc/**")
        preview_errors = page.locator("table.sheet-preview tr.bad").count()
        preview_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(shots / "import-preview.png"), full_page=True)
        page.click("button[name=start]")
        page.wait_for_selector("[data-status=succeeded]")
        summary = page.locator(".summary-list").inner_text()
        page.screenshot(path=str(shots / "import-job.png"), full_page=True)
        with page.expect_download() as download_info:
            page.click("text=Tải danh sách dòng lỗi (.xlsx)")
        report = tmp_path / "loi.xlsx"
        download_info.value.save_as(str(report))
        job_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert preview_errors == 2
    assert rows[0] == ["Dòng", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Thôn", "Lỗi cần sửa"]
    assert [row[1:] for row in rows[1:]] == [
        [
            "Giàng Thị Mai",
            "31/02/1990",
            "Nữ",
            "",
            "Bản Phố 1",
            "Ngày sinh “31/02/1990”: Ngày 31/02/1990 không có trên lịch.",
        ],
        [
            "Lò Văn Bình",
            "01/01/1985",
            "Nam",
            "01008500000A",
            "Bản Phố 2",
            "Số CCCD “01008500000A”: Số CCCD/CMND chỉ gồm chữ số.",
        ],
    ]
    assert [row[0] for row in rows[1:]] == [3, 4]
    assert "2\nThêm mới" in summary
    assert sorted(Person.objects.unscoped().values_list("full_name", flat=True)) == [
        "Giàng A Páo",
        "Vàng Thị Dợ",
    ]
    assert preview_overflow <= 0
    assert job_overflow <= 0
