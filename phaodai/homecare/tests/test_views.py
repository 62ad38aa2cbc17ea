"""The home-care pages: the public sheet of a personal link, the staff pages, the board."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from phaodai.alerts.models import Alert
from phaodai.audit.models import AccessLog
from phaodai.homecare import services
from phaodai.homecare.enums import Slot
from phaodai.homecare.models import MonitoringEntry, MonitoringLink
from phaodai.homecare.tests.factories import local

DAY = dt.date(2022, 2, 11)


def public_url(case_id, token):
    return reverse("homecare:public_entry", kwargs={"case_id": case_id, "token": token})


@pytest.fixture
def issued(health_staff, home_case):
    return services.link_create(actor=health_staff, case=home_case, now=local(DAY, 8))


def body(response):
    return response.content.decode()


# --- the public sheet ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_sheet_opens_without_an_account_and_is_light(client, home_case, issued):
    with freeze_time(local(DAY, 15)):
        response = client.get(public_url(home_case.pk, issued.token))
    assert response.status_code == 200
    html = body(response)
    assert "Phiếu theo dõi sức khỏe tại nhà" in html
    assert "Vàng Seo Lử" in html
    assert "<script" not in html  # no JavaScript at all on a cheap phone
    assert 'style="' not in html
    assert len(response.content) < 20_000
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # In the afternoon both half-days of today may be filled in; the afternoon is proposed.
    assert re.search(r'value="afternoon"[^>]*checked', html)
    assert 'value="morning"' in html


@pytest.mark.django_db
def test_in_the_morning_only_the_morning_is_offered(client, home_case, issued):
    with freeze_time(local(DAY, 9)):
        html = body(client.get(public_url(home_case.pk, issued.token)))
    assert 'value="afternoon"' not in html


@pytest.mark.django_db
def test_a_reading_through_the_link_is_saved_and_alerts(client, home_case, issued):
    with freeze_time(local(DAY, 15)):
        response = client.post(
            public_url(home_case.pk, issued.token),
            {"slot": "afternoon", "spo2": "94", "pulse": "90", "symptoms": ["ho"]},
        )
        assert response.status_code == 302
        page = client.get(response["Location"])
    entry = MonitoringEntry.objects.unscoped().get()
    assert (entry.day, entry.slot, entry.spo2, entry.signs, entry.symptoms) == (
        DAY,
        Slot.AFTERNOON,
        94,
        [3],
        ["ho"],
    )
    assert Alert.objects.unscoped().count() == 1
    html = body(page)
    assert "Đã ghi phiếu. Cảm ơn bạn." in html
    assert "Có dấu hiệu cần báo ngay. Trạm y tế xã đã được báo và sẽ liên hệ." in html
    assert "3. SpO2 94 % ≤ 96" in html


@pytest.mark.parametrize(
    ("_case", "values", "message"),
    [
        ("spo2 150", {"spo2": "150"}, "SpO2 150 % không hợp lý: hãy đo lại và nhập số từ 50 đến 100."),
        ("pulse 0", {"pulse": "0"}, "Mạch 0 lần/phút không hợp lý: hãy đo lại và nhập số từ 20 đến 250."),
    ],
)
@pytest.mark.django_db
def test_implausible_values_on_the_public_sheet_are_refused(
    client, home_case, issued, _case, values, message
):
    with freeze_time(local(DAY, 15)):
        response = client.post(public_url(home_case.pk, issued.token), {"slot": "afternoon", **values})
    assert response.status_code == 200
    assert message in body(response)
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_the_link_after_the_isolation_gets_a_clear_page(client, home_case, issued):
    with freeze_time(local(dt.date(2022, 2, 25), 9)):
        response = client.get(public_url(home_case.pk, issued.token))
        posted = client.post(public_url(home_case.pk, issued.token), {"slot": "morning", "spo2": "97"})
    assert response.status_code == 410
    assert "Thời gian cách ly, theo dõi tại nhà của người bệnh đã kết thúc (24/02/2022)" in body(response)
    assert "Vàng Seo Lử" not in body(response)
    assert posted.status_code == 410
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_the_link_of_another_case_is_refused(client, home_case, other_case, issued):
    with freeze_time(local(DAY, 15)):
        response = client.get(public_url(other_case.pk, issued.token))
        posted = client.post(public_url(other_case.pk, issued.token), {"slot": "afternoon", "spo2": "97"})
    assert response.status_code == 404
    assert "Đường dẫn này chỉ dùng để ghi phiếu theo dõi của một người bệnh khác" in body(response)
    assert "Thào Seo Chứ" not in body(response)
    assert "Vàng Seo Lử" not in body(response)
    assert posted.status_code == 404
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_a_revoked_or_made_up_link_is_refused(client, health_staff, home_case, issued):
    services.link_revoke(actor=health_staff, link=issued.link)
    with freeze_time(local(DAY, 15)):
        revoked = client.get(public_url(home_case.pk, issued.token))
        made_up = client.get(public_url(home_case.pk, "abc"))
    assert revoked.status_code == 410
    assert "Đường dẫn theo dõi này đã bị thu hồi." in body(revoked)
    assert made_up.status_code == 404


@pytest.mark.django_db
def test_the_public_sheet_is_rate_limited(client, home_case, issued, settings):
    settings.PHAODAI_RATES = {**settings.PHAODAI_RATES, "homecare_link": "3/h"}
    with freeze_time(local(DAY, 15)):
        codes = [client.get(public_url(home_case.pk, issued.token)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


# --- staff pages -----------------------------------------------------------------------------------


@pytest.fixture
def nurse(client, health_staff):
    client.force_login(health_staff)
    return client


@pytest.mark.django_db
def test_staff_records_an_entry_on_the_page(nurse, home_case):
    with freeze_time(local(DAY, 16)):
        page = nurse.get(reverse("homecare:entry_create", kwargs={"case_id": home_case.pk}))
        response = nurse.post(
            reverse("homecare:entry_create", kwargs={"case_id": home_case.pk}),
            {"day": "11/02/2022", "slot": "afternoon", "respiratory_rate": "24", "spo2": "97"},
        )
    assert page.status_code == 200
    assert "Khó thở, hụt hơi" in body(page)  # the symptoms are the rule set's list
    assert response.status_code == 302
    entry = MonitoringEntry.objects.unscoped().get()
    assert entry.signs == [2]


@pytest.mark.django_db
def test_staff_page_refuses_spo2_150(nurse, home_case):
    with freeze_time(local(DAY, 16)):
        response = nurse.post(
            reverse("homecare:entry_create", kwargs={"case_id": home_case.pk}),
            {"day": "11/02/2022", "slot": "afternoon", "spo2": "150"},
        )
    assert response.status_code == 200
    assert "SpO2 150 % không hợp lý: hãy đo lại và nhập số từ 50 đến 100." in body(response)
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_the_second_officer_saving_an_entry_is_told_what_changed(nurse, health_staff, home_case):
    entry, _ = services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "98"},
        now=local(DAY, 9),
    )
    services.entry_update(actor=health_staff, entry=entry, values={"spo2": "97"}, expected_version=1)
    response = nurse.post(
        reverse("homecare:entry_edit", kwargs={"entry_id": entry.pk}), {"spo2": "95", "version": "1"}
    )
    assert response.status_code == 200
    html = body(response)
    assert "SpO2" in html
    assert 'name="version" value="2"' in html
    entry.refresh_from_db()
    assert entry.spo2 == 97


@pytest.mark.django_db
def test_the_case_sheet_lists_entries_and_logs_the_reading(nurse, health_staff, home_case):
    services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "94"},
        now=local(DAY, 9),
    )
    response = nurse.get(reverse("homecare:case_sheet", kwargs={"case_id": home_case.pk}))
    assert response.status_code == 200
    assert "3. SpO2 94 % ≤ 96" in body(response)
    assert AccessLog.objects.filter(target_id=home_case.pk, target_type="cases.case").count() == 1


@pytest.mark.django_db
def test_a_link_is_shown_once_with_its_qr_code_and_can_be_printed(nurse, home_case):
    with freeze_time(local(DAY, 9)):
        response = nurse.post(reverse("homecare:link_create", kwargs={"case_id": home_case.pk}))
    html = body(response)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    found = re.search(r'name="token" value="([A-Za-z0-9_-]{43})"', html)
    assert found is not None
    token = found.group(1)
    assert f"/theo-doi-tai-nha/phieu-cua-toi/{home_case.pk}/{token}/" in html
    assert MonitoringLink.objects.unscoped().get().token_hash != token
    with freeze_time(local(DAY, 9)):
        png = nurse.post(reverse("homecare:link_qr", kwargs={"case_id": home_case.pk}), {"token": token})
        wrong = nurse.post(reverse("homecare:link_qr", kwargs={"case_id": home_case.pk}), {"token": "x" * 43})
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert wrong.status_code == 404


@pytest.mark.django_db
def test_revoking_a_link(nurse, home_case, issued):
    response = nurse.post(reverse("homecare:link_revoke", kwargs={"link_id": issued.link.pk}))
    assert response.status_code == 302
    issued.link.refresh_from_db()
    assert issued.link.revoked_at is not None


@pytest.mark.django_db
def test_the_board_shows_the_day_with_entries_and_missing_half_days(
    nurse, health_staff, home_case, other_case, django_assert_num_queries
):
    services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "94"},
        now=local(DAY, 9),
    )
    nurse.get("/")  # session and the shell's caches warm
    with freeze_time(local(DAY, 15)), django_assert_num_queries(8):
        response = nurse.get(reverse("homecare:board"), {"day": "11/02/2022"})
    html = body(response)
    assert "Vàng Seo Lử" in html
    assert "Thào Seo Chứ" not in html  # another commune
    assert "Có dấu hiệu cảnh báo" in html
    assert "chưa đến hạn" in html  # the afternoon is still running
    with freeze_time(local(dt.date(2022, 2, 12), 15)):
        later = body(nurse.get(reverse("homecare:board"), {"day": "11/02/2022"}))
    assert "chưa có phiếu, đã hết buổi" in later


@pytest.mark.django_db
def test_the_person_page_shows_the_home_care_timeline_and_panel(nurse, health_staff, home_case):
    services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "94"},
        now=local(DAY, 9),
    )
    html = body(nurse.get(reverse("people:detail", kwargs={"person_id": home_case.person_id})))
    assert "Dấu hiệu cảnh báo khi theo dõi tại nhà, buổi sáng" in html
    assert "3. SpO2 94 % ≤ 96" in html
    assert "Xem phiếu theo dõi đầy đủ" in html


@pytest.mark.django_db
def test_a_leader_views_but_may_not_record(client, commune_leader, home_case):
    client.force_login(commune_leader)
    assert client.get(reverse("homecare:case_sheet", kwargs={"case_id": home_case.pk})).status_code == 200
    assert client.get(reverse("homecare:entry_create", kwargs={"case_id": home_case.pk})).status_code == 403


def test_anonymous_staff_pages_redirect_to_login(db):
    response = Client().get(reverse("homecare:board"))
    assert response.status_code == 302


# --- the case's page (cases:case_detail) gets the home-care panel through core.shell CASE_PANELS ----


def _panel(html):
    start = html.index('<section class="card homecare-panel"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_the_case_page_shows_the_entries_latest_first_with_warnings_marked_and_missed_half_days(
    nurse, health_staff, home_case
):
    services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "98"},
        now=local(DAY, 9),
    )
    services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.AFTERNOON,
        values={"spo2": "94"},
        now=local(DAY, 15),
    )
    with freeze_time(local(dt.date(2022, 2, 12), 13)):
        services.missed_slots_flag()  # the morning of the 12th ended without an entry
        html = body(nurse.get(reverse("cases:case_detail", kwargs={"case_id": home_case.pk})))

    panel = _panel(html)
    rows = re.findall(r"<tr(?: class=\"entry-warning\")?>\s*<td>([^<]+)</td>", panel)
    assert rows == ["11/02 Buổi chiều", "11/02 Buổi sáng"]  # latest first
    assert '<tr class="entry-warning">\n      <td>11/02 Buổi chiều</td>' in panel
    assert '<p class="sign">3. SpO2 94 % ≤ 96' in panel
    assert '<span class="slot-state slot-missed">Buổi sáng 12/02/2022</span>' in panel
    assert "Chưa tạo đường dẫn tự theo dõi." in panel
    assert reverse("homecare:entry_create", kwargs={"case_id": home_case.pk}) in panel
    assert reverse("homecare:link_create", kwargs={"case_id": home_case.pk}) in panel
    assert reverse("homecare:case_sheet", kwargs={"case_id": home_case.pk}) in panel


@pytest.mark.django_db
def test_the_case_page_says_whether_the_personal_link_is_active_revoked_or_expired(
    nurse, health_staff, home_case, issued
):
    revoke = reverse("homecare:link_revoke", kwargs={"link_id": issued.link.pk})
    case_page = reverse("cases:case_detail", kwargs={"case_id": home_case.pk})
    with freeze_time(local(DAY, 10)):
        active = _panel(body(nurse.get(case_page)))
    with freeze_time(local(dt.date(2022, 2, 25), 10)):  # the isolation (to 24/02) is over
        expired = _panel(body(nurse.get(case_page)))
    services.link_revoke(actor=health_staff, link=issued.link)
    with freeze_time(local(DAY, 11)):
        revoked = _panel(body(nurse.get(case_page)))

    assert '<span class="link-state link-active">Đang dùng được</span>' in active
    assert revoke in active
    assert "Tạo đường dẫn mới và mã QR" in active
    assert '<span class="link-state link-expired">Hết hạn (hết thời gian cách ly' in expired
    assert revoke not in expired
    assert reverse("homecare:link_create", kwargs={"case_id": home_case.pk}) not in expired
    assert '<span class="link-state link-revoked">Đã thu hồi</span>' in revoked
    assert revoke not in revoked


@pytest.mark.django_db
def test_a_leader_sees_the_panel_without_the_recording_buttons(
    client, commune_leader, health_staff, home_case
):
    services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.MORNING,
        values={"spo2": "98"},
        now=local(DAY, 9),
    )
    client.force_login(commune_leader)
    with freeze_time(local(DAY, 10)):
        panel = _panel(body(client.get(reverse("cases:case_detail", kwargs={"case_id": home_case.pk}))))

    assert "11/02 Buổi sáng" in panel
    assert reverse("homecare:entry_create", kwargs={"case_id": home_case.pk}) not in panel
    assert reverse("homecare:link_create", kwargs={"case_id": home_case.pk}) not in panel
