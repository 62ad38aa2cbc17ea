"""The command pages: the centre page with who is on duty and their phone, the roster week and
month with its problems, generating, adding a shift (refused when it ends before it starts),
swapping, members, documents, exports, and the on-duty line of the menu."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.command.enums import Office, Position
from phaodai.command.models import CommandCentre, Document, Member, Shift, ShiftSwap
from phaodai.command.tests.factories import make_centre, make_committee, make_member, make_shift
from phaodai.core.roles import Role
from tests.world import MODEL_BACKEND

TZ = timezone.get_default_timezone()


def local(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def leader(units):
    return make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="chutich_banpho")


@pytest.fixture
def client_of(leader):
    client = Client()
    client.force_login(leader, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def centre(units):
    return make_centre(unit=units["Xã Bản Phố"], officers_per_shift=1)


@pytest.fixture
def crew(centre, leader):
    return {
        "chair": make_member(
            centre=centre,
            full_name="Lù Văn Chính",
            position=Position.HEAD,
            office=Office.PC_CHAIR,
            phone="0912300001",
            user=leader,
        ),
        "police": make_member(
            centre=centre,
            full_name="Thào Seo Dũng",
            position=Position.DEPUTY,
            office=Office.POLICE_CHIEF,
            phone="0912300002",
        ),
        "health": make_member(centre=centre, full_name="Sùng Thị Mai", phone="0912300003"),
    }


def test_the_centre_page_shows_who_is_on_duty_now_with_their_phone(client_of, centre, crew):
    now = timezone.now()
    make_shift(member=crew["police"], starts_at=now - dt.timedelta(hours=1), hours=8)

    page = client_of.get(reverse("command:centre_detail", kwargs={"centre_id": centre.pk})).content.decode()

    duty = page.split('id="duty-h"')[1].split("</section>")[0]
    assert "Thào Seo Dũng" in duty
    assert 'href="tel:0912300002"' in duty
    assert "Lù Văn Chính" not in duty


def test_the_menu_of_the_centres_staff_says_who_is_on_duty(client_of, centre, crew):
    now = timezone.now()
    make_shift(member=crew["health"], starts_at=now - dt.timedelta(hours=2), hours=8)

    home = client_of.get(reverse("home")).content.decode()
    badge = client_of.get(reverse("command:on_duty_badge")).content.decode()

    assert reverse("command:on_duty_badge") in home
    assert "Đang trực: Sùng Thị Mai 0912300003" in badge


def test_the_roster_week_shows_the_gap_and_the_double_booking(client_of, centre, crew):
    make_shift(member=crew["chair"], starts_at=local(7, 7), hours=8)
    make_shift(member=crew["police"], starts_at=local(7, 15), hours=6)  # nobody 21:00–23:00
    make_shift(member=crew["police"], starts_at=local(7, 23), hours=8)
    make_shift(member=crew["police"], starts_at=local(8, 5), hours=4, leads=True)

    url = reverse("command:roster", kwargs={"centre_id": centre.pk})
    page = client_of.get(f"{url}?tu=2026-12-07").content.decode()

    assert "Không có người trực: 21:00 07/12 – 23:00 07/12" in page
    assert "Thào Seo Dũng trực hai ca cùng lúc: 05:00 08/12 – 07:00 08/12" in page
    assert page.count("Trùng ca") == 2
    month = client_of.get(f"{url}?xem=thang&tu=2026-12-07").content.decode()
    assert "01/12" in month
    assert "31/12" in month


def test_a_shift_ending_before_it_starts_is_refused_on_the_page_and_nothing_is_saved(client_of, centre, crew):
    url = reverse("command:shift_create", kwargs={"centre_id": centre.pk})
    response = client_of.post(
        url,
        {"member": crew["chair"].pk, "starts_at": "2026-12-09T15:00", "ends_at": "2026-12-09T07:00"},
    )

    assert response.status_code == 200
    assert "Ca trực phải kết thúc sau khi bắt đầu" in response.content.decode()
    assert Shift.objects.unscoped().count() == 0
    assert AuditEvent.objects.filter(event="command.shift_created").count() == 0


def test_a_shift_is_added_from_the_page(client_of, centre, crew):
    url = reverse("command:shift_create", kwargs={"centre_id": centre.pk})
    response = client_of.post(
        url,
        {
            "member": crew["chair"].pk,
            "starts_at": "2026-12-09T07:00",
            "ends_at": "2026-12-09T15:00",
            "leads": "on",
        },
    )
    assert response.status_code == 302
    shift = Shift.objects.unscoped().get()
    assert (shift.member, shift.leads, shift.starts_at) == (crew["chair"], True, local(9, 7))


def test_a_week_is_generated_from_the_page(client_of, centre, crew):
    url = reverse("command:roster_generate", kwargs={"centre_id": centre.pk})
    response = client_of.post(url, {"start": "06/12/2027", "period": "week"})

    assert response.status_code == 302
    assert Shift.objects.unscoped().filter(centre=centre).count() == 21
    roster = client_of.get(response["Location"]).content.decode()
    assert "Đủ người trực 24/24, không trùng ca" in roster


def test_a_swap_without_both_agreements_is_refused_and_with_them_recorded(client_of, centre, crew):
    shift = make_shift(member=crew["chair"], starts_at=timezone.now() + dt.timedelta(days=2))
    url = reverse("command:shift_swap", kwargs={"shift_id": shift.pk})

    refused = client_of.post(
        url, {"to_member": crew["police"].pk, "from_agreed": "on", "version": shift.version}
    )
    assert "Đổi ca cần cả hai người đồng ý" in refused.content.decode()
    assert ShiftSwap.objects.unscoped().count() == 0

    done = client_of.post(
        url,
        {"to_member": crew["police"].pk, "from_agreed": "on", "to_agreed": "on", "version": shift.version},
    )
    assert done.status_code == 302
    shift.refresh_from_db()
    assert shift.member == crew["police"]
    assert ShiftSwap.objects.unscoped().get().to_member == crew["police"]


def test_members_are_added_and_listed(client_of, centre, units):
    url = reverse("command:centre_member_create", kwargs={"centre_id": centre.pk})
    response = client_of.post(
        url,
        {
            "full_name": "Giàng A Tủa",
            "position": Position.MEMBER,
            "office": Office.VILLAGE_HEAD,
            "phone": "0912 300 009",
            "duties": "Nắm tình hình người về từ vùng dịch",
            "area_unit": units["Thôn Bản Phố 2"].pk,
            "takes_shifts": "on",
            "order": 50,
        },
    )
    assert response.status_code == 302
    member = Member.objects.unscoped().get(full_name="Giàng A Tủa")
    assert (member.phone, member.area_unit, member.centre) == ("0912300009", units["Thôn Bản Phố 2"], centre)
    listed = client_of.get(reverse("command:member_list") + "?q=giang a tua").content.decode()
    assert "Giàng A Tủa" in listed


def test_a_member_with_a_bad_phone_is_refused_in_vietnamese(client_of, centre):
    url = reverse("command:centre_member_create", kwargs={"centre_id": centre.pk})
    response = client_of.post(
        url,
        {"full_name": "Giàng A Tủa", "position": "member", "office": "other", "phone": "12ab", "order": 1},
    )
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert Member.objects.unscoped().count() == 0


def test_a_centre_is_created_with_its_establishment_date(client_of, units):
    response = client_of.post(
        reverse("command:centre_create"),
        {
            "unit": units["Xã Bản Phố"].pk,
            "name": "Trung tâm Chỉ huy phòng, chống dịch Covid-19 xã Bản Phố",
            "established_on": "26/08/2021",
            "shift_hours": 8,
            "day_starts_at": 7,
            "max_hours_in_row": 12,
            "min_rest_hours": 8,
            "officers_per_shift": 2,
            "leader_required": "on",
        },
    )
    assert response.status_code == 302
    centre = CommandCentre.objects.unscoped().get()
    assert centre.established_on == dt.date(2021, 8, 26)
    again = client_of.post(
        reverse("command:centre_create"),
        {
            "unit": units["Xã Bản Phố"].pk,
            "name": "Trung tâm thứ hai",
            "shift_hours": 8,
            "day_starts_at": 7,
            "max_hours_in_row": 12,
            "min_rest_hours": 8,
            "officers_per_shift": 2,
        },
    )
    assert "Xã Bản Phố đã có Trung tâm Chỉ huy." in again.content.decode()
    assert CommandCentre.objects.unscoped().count() == 1


def test_working_rules_are_attached_checked_by_content_and_downloaded(client_of, centre, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    url = reverse("command:centre_document_add", kwargs={"centre_id": centre.pk})
    fake = SimpleUploadedFile("quy-che.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client_of.post(url, {"kind": "working_rules", "title": "Quy chế làm việc", "file": fake})
    assert "Nội dung tệp không đúng loại .pdf." in refused.content.decode()
    exe = SimpleUploadedFile("quy-che.exe", b"MZ\x90\x00", content_type="application/pdf")
    refused = client_of.post(url, {"kind": "working_rules", "title": "Quy chế làm việc", "file": exe})
    assert "Chỉ nhận tệp PDF" in refused.content.decode()
    assert Document.objects.unscoped().count() == 0

    pdf = SimpleUploadedFile("Quy chế.pdf", b"%PDF-1.4\n%quy che\n", content_type="text/html")
    done = client_of.post(
        url, {"kind": "working_rules", "title": "Quy chế làm việc", "number": "01/QC-TTCH", "file": pdf}
    )
    assert done.status_code == 302
    document = Document.objects.unscoped().get()
    assert (document.content_type, document.filename, document.size) == ("application/pdf", "Quy chế.pdf", 18)
    assert not document.file.name.endswith("Quy chế.pdf")
    download = client_of.get(reverse("command:document_download", kwargs={"document_id": document.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%quy che\n"


def test_members_and_roster_export_with_a_purpose_and_an_audit_row(client_of, centre, crew):
    shift = make_shift(member=crew["chair"], starts_at=local(7, 7))
    asks = client_of.get(reverse("command:member_export"))
    assert "Mục đích sử dụng danh sách" in asks.content.decode()
    response = client_of.get(reverse("command:member_export") + "?purpose=Gửi huyện tổng hợp&fmt=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Đơn vị,Cơ quan,Họ và tên")
    assert '"=""0912300001"""' in body
    roster = client_of.get(
        reverse("command:roster_export", kwargs={"centre_id": centre.pk})
        + "?tu=2026-12-07&purpose=Niêm yết lịch trực&fmt=xlsx"
    )
    assert roster["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(roster.streaming_content)[:2] == b"PK"
    assert list(AuditEvent.objects.order_by("pk").values_list("event", flat=True)) == [
        "command.members_exported",
        "command.roster_exported",
    ]
    members_log, roster_log = AccessLog.objects.order_by("pk")
    assert (members_log.purpose, members_log.count) == ("Gửi huyện tổng hợp", 3)
    assert sorted(members_log.details["ids"]) == sorted(m.pk for m in crew.values())
    assert (roster_log.purpose, roster_log.details["ids"]) == ("Niêm yết lịch trực", [shift.pk])


def test_the_overview_lists_centres_and_the_communes_without_one(client_of, units, centre):
    make_committee(unit=units["Xã Bản Phố"])
    district_leader = make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"], username="huyen")
    client = Client()
    client.force_login(district_leader, backend=MODEL_BACKEND)
    page = client.get(reverse("command:home")).content.decode()
    missing = page.split('id="missing-h"')[1]
    assert "Xã Lùng Phình" in missing
    assert "Huyện Bắc Hà" in missing
    assert "Xã Bản Phố" not in missing


def test_a_viewer_sees_the_centre_but_cannot_manage_it(units, centre):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"], username="xem")
    client = Client()
    client.force_login(viewer, backend=MODEL_BACKEND)
    assert client.get(reverse("command:centre_detail", kwargs={"centre_id": centre.pk})).status_code == 200
    assert client.get(reverse("command:roster_generate", kwargs={"centre_id": centre.pk})).status_code == 403


def test_the_home_card_counts_established_centres_and_says_who_is_on_duty(client_of, centre, crew, units):
    make_centre(unit=units["Huyện Bắc Hà"], established_on=None)  # outside the commune's view
    make_shift(member=crew["police"], starts_at=timezone.now() - dt.timedelta(hours=1))

    page = client_of.get(reverse("home")).content.decode()
    card = page.split('aria-label="Chỉ huy, trực ban"')[1].split("</section>")[0]

    assert '<span class="figure-value">1/1</span>' in card
    assert "đang trực Thào Seo Dũng" in card
    assert 'href="tel:0912300002"' in card


def test_absurd_dates_in_the_address_or_the_form_never_crash(client_of, centre, crew):
    roster_url = reverse("command:roster", kwargs={"centre_id": centre.pk})
    for query in ("?tu=9999-12-31", "?xem=thang&tu=9999-12-31", "?tu=0001-01-01", "?tu=2026-02-30"):
        assert client_of.get(roster_url + query).status_code == 200
    add = reverse("command:shift_create", kwargs={"centre_id": centre.pk})
    assert client_of.get(add + "?tu=9999-12-31T23:00").status_code == 200
    refused = client_of.post(
        reverse("command:roster_generate", kwargs={"centre_id": centre.pk}),
        {"start": "31/12/9999", "period": "month"},
    )
    assert "trong khoảng năm 2000–2100" in refused.content.decode()
    assert Shift.objects.unscoped().count() == 0
