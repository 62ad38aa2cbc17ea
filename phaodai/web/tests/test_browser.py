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
# Screenshots of the pages the browser tests walk (var/ is not committed): look at them on a phone.
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@contextmanager
def phone_page() -> Iterator[Any]:
    """A page of a 360×740 phone. Playwright runs an event loop while open, and Django refuses
    database calls from a thread with a running loop: make the data before, check it after."""
    from playwright.sync_api import ConsoleMessage, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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


def _log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def _slow_line(page: Any, latency_ms: int) -> None:
    """Every request takes ``latency_ms`` more, as on a weak 3G line in the mountains."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_commune_officer_registers_a_resident_is_refused_a_second_cccd_and_gets_the_404_page(
    live_server, units
):
    """Issue 7, done means: on a 360 px phone as the commune officer."""
    make_user(
        role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo_i7", password="mat-khau-i7-1"
    )
    foreign = make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào Văn Chư", birth_year=1970)
    base = live_server.url

    with phone_page() as page:
        seen = _register_twice_and_open_a_foreign_record(page, base, foreign.pk)

    # the form asks for the village: it starts empty, and offers the villages, not the commune
    assert seen["residence_at_first"] == ""
    assert seen["residence_choices"] == [
        "— Chọn thôn, tổ dân phố —",
        "Thôn Bản Phố 1 — Xã Bản Phố",
        "Thôn Bản Phố 2 — Xã Bản Phố",
    ]
    assert seen["village_asked"] == "Hãy chọn nơi cư trú."
    first = Person.objects.get(national_id="010080000001")
    assert (first.full_name, first.residence_unit.name) == ("Nguyễn Văn An", "Thôn Bản Phố 1")
    assert seen["after_save"] == f"{base}/nhan-khau/{first.pk}/"
    # the second record with the same CCCD is refused, with a link to the first, and no override
    assert seen["second_url"] == f"{base}/nhan-khau/them/"
    assert seen["taken_link"] == f"/nhan-khau/{first.pk}/"
    assert "đã có trong hồ sơ của Nguyễn Văn An (sinh năm 1980, Thôn Bản Phố 1)" in seen["cccd_error"]
    assert seen["override_buttons"] == 0
    assert Person.objects.filter(national_id="010080000001").count() == 1
    assert not Person.objects.filter(full_name="Hoàng Văn Nam").exists()
    # a foreign person's address: the project's own Vietnamese 404, phone-sized
    assert seen["foreign_status"] == 404
    assert seen["foreign_title"] == "Không tìm thấy · Pháo Đài"
    assert seen["foreign_heading"] == "Không tìm thấy trang"
    assert "Thào Văn Chư" not in seen["foreign_content"]
    assert seen["foreign_overflow"] <= 0
    assert seen["form_overflow"] <= 0


def _register_twice_and_open_a_foreign_record(page: Any, base: str, foreign_pk: int) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    _log_in(page, base, "canbo_i7", "mat-khau-i7-1")
    page.goto(f"{base}/nhan-khau/them/")
    seen["residence_at_first"] = page.input_value("#id_residence_unit")
    seen["residence_choices"] = page.locator("#id_residence_unit option").all_inner_texts()
    page.fill("#id_full_name", "Nguyễn Văn An")
    page.check("#id_sex_0")
    page.fill("#id_birth_date", "15/03/1980")
    page.fill("#id_national_id", "010080000001")
    page.click("main form button[type=submit]")  # without a village
    page.wait_for_selector("#err-residence_unit:not(:empty)")
    seen["village_asked"] = page.inner_text("#err-residence_unit")
    page.select_option("#id_residence_unit", label="Thôn Bản Phố 1 — Xã Bản Phố")
    page.screenshot(path=str(SHOTS / "i7-create-form.png"), full_page=True)
    seen["form_overflow"] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/nhan-khau/*/")
    seen["after_save"] = page.url

    page.goto(f"{base}/nhan-khau/them/")
    page.fill("#id_full_name", "Hoàng Văn Nam")
    page.check("#id_sex_0")
    page.fill("#id_birth_year", "1980")
    page.fill("#id_national_id", "010080000001")
    page.select_option("#id_residence_unit", label="Thôn Bản Phố 2 — Xã Bản Phố")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#national-id-taken")
    page.screenshot(path=str(SHOTS / "i7-same-cccd.png"), full_page=True)
    seen["second_url"] = page.url
    seen["taken_link"] = page.get_attribute("#national-id-taken p a", "href")
    seen["cccd_error"] = page.inner_text("#err-national_id")
    seen["override_buttons"] = page.locator("button[name=confirm_duplicates]").count()

    response = page.goto(f"{base}/nhan-khau/{foreign_pk}/")
    page.screenshot(path=str(SHOTS / "i7-foreign-404.png"), full_page=True)
    seen["foreign_status"] = response.status if response is not None else None
    seen["foreign_title"] = page.title()
    seen["foreign_heading"] = page.inner_text("main h1")
    seen["foreign_content"] = page.content()
    seen["foreign_overflow"] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return seen


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_slow_line_each_field_left_is_checked_again(live_server, units):
    """Issue 7, point 6: the duplicate check re-runs as each identity field is left, and a short
    CCCD gets its message then, even while the previous field's check is still on its way."""
    make_user(
        role=Role.COMMUNE_LEADER,
        home_unit=units["Xã Bản Phố"],
        username="canbo_i7b",
        password="mat-khau-i7-2",
    )
    make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        full_name="Nguyễn Văn An",
        birth_year=1980,
        national_id="010080000001",
    )
    base = live_server.url

    with phone_page() as page:
        _log_in(page, base, "canbo_i7b", "mat-khau-i7-2")
        page.goto(f"{base}/nhan-khau/them/")
        _slow_line(page, 900)
        page.fill("#id_full_name", "Nguyen Van An")
        page.press("#id_full_name", "Tab")  # checks go out; the next field is left before they answer
        page.fill("#id_birth_year", "1980")
        page.press("#id_birth_year", "Tab")
        page.fill("#id_national_id", "12345")
        page.press("#id_national_id", "Tab")
        page.wait_for_selector("#err-national_id:not(:empty)", timeout=15_000)
        short = page.inner_text("#err-national_id")
        page.fill("#id_national_id", "010080000001")
        page.press("#id_national_id", "Tab")
        page.wait_for_selector("#duplicates .panel-warn", timeout=15_000)
        page.wait_for_function(
            "document.querySelector('#err-national_id').textContent.includes('Nguyễn Văn An')", timeout=15_000
        )
        panel = page.inner_text("#duplicates")
        taken = page.inner_text("#err-national_id")
        page.screenshot(path=str(SHOTS / "i7-live-checks.png"), full_page=True)

    assert short == "Số CCCD phải gồm 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số."
    assert "Nguyễn Văn An" in panel
    assert "Trùng số CCCD/CMND." in panel
    assert "đã có trong hồ sơ của Nguyễn Văn An" in taken


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pregnancy_box_is_for_women_and_dismissing_a_pair_asks_first(live_server, world):
    """Issue 7, point 7, as a phone shows it."""
    world.users["own_commune"].set_password("mat-khau-i7-3")
    world.users["own_commune"].save()
    base = live_server.url
    dialogs: list[str] = []

    with phone_page() as page:
        _log_in(page, base, "xa_banpho", "mat-khau-i7-3")
        page.goto(f"{base}/nhan-khau/them/")
        page.check("#id_sex_0")  # Nam
        hidden_for_a_man = not page.is_visible("#f-is_pregnant")
        page.check("#id_sex_1")  # Nữ
        shown_for_a_woman = page.is_visible("#f-is_pregnant")
        menu = page.locator("summary").evaluate("summary => summary.firstChild.textContent")  # not the badge

        page.goto(f"{base}/nhan-khau/trung-lap/")

        def answer(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()  # the officer has second thoughts

        page.on("dialog", answer)
        page.locator("button", has_text="Không phải trùng").first.click()
        page.wait_for_timeout(300)
        still_listed = page.locator("button", has_text="Không phải trùng").count()
        page.screenshot(path=str(SHOTS / "i7-duplicates.png"), full_page=True)

    assert (hidden_for_a_man, shown_for_a_woman) == (True, True)
    assert menu == "Danh mục"
    assert dialogs == [
        "Xác nhận Giàng Seo Páo và Giàng Seo Pao là hai người khác nhau? "
        "Cặp này sẽ không được đưa ra xem lại; việc này được ghi vào lịch sử."
    ]
    assert still_listed == 1  # dismissing the dialog dismissed nothing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
