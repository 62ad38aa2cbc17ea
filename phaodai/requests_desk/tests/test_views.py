"""The desk's pages: the list with filters, a request's page, assignment and resolution forms."""

from __future__ import annotations

import pytest

from phaodai.audit.models import AccessLog
from phaodai.people.tests.factories import make_person
from phaodai.requests_desk.enums import RequestStatus
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.tests.factories import make_request


@pytest.mark.django_db
def test_the_list_filters_and_puts_open_urgent_requests_first(client, units, commune_leader):
    normal = make_request(unit=units["Thôn Bản Phố 1"], requester_name="Người Thường")
    urgent = make_request(unit=units["Thôn Bản Phố 2"], urgency="urgent", requester_name="Người Khẩn")
    make_request(unit=units["Thôn Lùng Phình"], requester_name="Người Xã Khác")
    client.force_login(commune_leader)

    everything = client.get("/yeu-cau/").content.decode()
    medicine = client.get("/yeu-cau/", {"category": "medicine"}).content.decode()
    by_code = client.get("/yeu-cau/", {"q": normal.receipt_display.lower()}).content.decode()

    assert everything.index(urgent.receipt_display) < everything.index(normal.receipt_display)
    assert "Người Xã Khác" not in everything
    assert "Không có yêu cầu nào khớp" in medicine
    assert normal.receipt_display in by_code
    assert urgent.receipt_display not in by_code


@pytest.mark.django_db
def test_the_officer_assigns_links_the_resident_and_resolves_on_the_pages(client, units, commune_leader):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Sùng Thị Dế", birth_year=1950)
    request = make_request(unit=units["Thôn Bản Phố 1"])
    client.force_login(commune_leader)

    page = client.get(f"/yeu-cau/{request.pk}/", {"q": "sung thi"})
    assign = client.post(f"/yeu-cau/{request.pk}/giao/", {"version": 1, "assigned_to": commune_leader.pk})
    link = client.post(f"/yeu-cau/{request.pk}/lien-ket/", {"version": 2, "person": person.pk})
    stale = client.post(
        f"/yeu-cau/{request.pk}/giai-quyet/", {"version": 1, "outcome": "resolved", "resolution": "x"}
    )
    done = client.post(
        f"/yeu-cau/{request.pk}/giai-quyet/",
        {"version": 3, "outcome": "resolved", "resolution": "Đã mang gạo tới."},
    )

    assert page.status_code == 200
    assert "Sùng Thị Dế" in page.content.decode()
    assert AccessLog.objects.filter(target_id=request.pk).count() == 1
    assert assign.status_code == link.status_code == done.status_code == 302
    assert "Trong lúc bạn sửa, hồ sơ đã được người khác thay đổi" in stale.content.decode()
    stored = ResidentRequest.objects.unscoped().get(pk=request.pk)
    assert (stored.status, stored.person, stored.assigned_to) == (
        RequestStatus.RESOLVED,
        person,
        commune_leader,
    )
    assert stored.resolution == "Đã mang gạo tới."
    closed_page = client.get(f"/yeu-cau/{request.pk}/").content.decode()
    assert "Đã giải quyết" in closed_page
    assert "data-resolve" not in closed_page


@pytest.mark.django_db
def test_a_phone_call_is_entered_on_the_desk(client, units, commune_leader):
    client.force_login(commune_leader)

    form = client.get("/yeu-cau/them/")
    response = client.post(
        "/yeu-cau/them/",
        {
            "unit": units["Thôn Bản Phố 2"].pk,
            "category": "hospital_transport",
            "description": "Sản phụ đau bụng, cần xe lên huyện.",
            "requester_name": "Lý Thị Mai",
            "requester_phone": "0988777666",
        },
    )

    request = ResidentRequest.objects.unscoped().get()
    assert form.status_code == 200
    assert response["Location"] == f"/yeu-cau/{request.pk}/"
    assert (request.channel, request.urgency, request.received_by) == ("phone_call", "urgent", commune_leader)


@pytest.mark.django_db
def test_the_export_asks_for_a_purpose_then_writes_the_list(client, units, commune_leader):
    make_request(unit=units["Thôn Bản Phố 1"], description="=HYPERLINK(1)")
    client.force_login(commune_leader)

    ask = client.get("/yeu-cau/xuat/")
    csv = client.get("/yeu-cau/xuat/", {"purpose": "Báo cáo cấp trên", "fmt": "csv"})
    xlsx = client.get("/yeu-cau/xuat/", {"purpose": "Báo cáo cấp trên", "fmt": "xlsx"})

    assert "Mục đích sử dụng danh sách" in ask.content.decode()
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Mã biên nhận,Tiếp nhận lúc")
    assert "'=HYPERLINK(1)" in body
    assert '"=""0912555666"""' in body
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
