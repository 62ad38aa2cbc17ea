"""The public form (no login): the tree, a request sent and its receipt; 200 requests a minute
from one address are refused with a Vietnamese message and nothing saved beyond the limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings

from phaodai.audit.models import AuditEvent
from phaodai.requests_desk.enums import RequestStatus
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.receipts import ALPHABET, normalize_code
from phaodai.requests_desk.tests.factories import make_request

LIMIT = 10  # the default of the rate resident_requests (config/settings/base.py)


def _form(village, **extra):
    return {
        "unit": village.pk,
        "category": "food",
        "description": "Nhà có 5 người, hết gạo.",
        "requester_name": "Sùng Thị Dế",
        "requester_phone": "0912 555 666",
        **extra,
    }


@pytest.mark.django_db
def test_the_resident_walks_the_tree_down_to_the_commune_form(client, units):
    top = client.get("/yeu-cau/gui/")
    district = client.get("/yeu-cau/gui/", {"noi": units["Huyện Bắc Hà"].pk})
    commune = client.get("/yeu-cau/gui/", {"noi": units["Xã Bản Phố"].pk})

    assert top.status_code == 200
    assert "Tỉnh Lào Cai" in top.content.decode()
    assert "Tỉnh Lai Châu" in top.content.decode()
    assert "Xã Lùng Phình" in district.content.decode()
    body = commune.content.decode()
    assert "Gửi yêu cầu tới Xã Bản Phố" in body
    assert "Thôn Bản Phố 1" in body
    assert "Thôn Bản Phố 2" in body
    assert "Thôn Lùng Phình" not in body
    assert "<script" not in body  # a light page


@pytest.mark.django_db
def test_a_request_sent_gives_a_receipt_that_shows_its_status_and_no_personal_data(client, units):
    village = units["Thôn Bản Phố 1"]

    response = client.post(f"/yeu-cau/gui/?noi={units['Xã Bản Phố'].pk}", _form(village))

    request = ResidentRequest.objects.unscoped().get()
    assert response.status_code == 302
    assert response["Location"] == f"/yeu-cau/bien-nhan/{request.receipt_code}/"
    assert request.requester_phone == "0912555666"
    assert request.channel == "public_form"
    assert request.status == RequestStatus.NEW
    assert AuditEvent.objects.filter(event="requests_desk.request_received", actor=None).count() == 1
    receipt = client.get(response["Location"]).content.decode()
    assert request.receipt_display in receipt
    assert "Mới tiếp nhận" in receipt
    assert "Sùng Thị Dế" not in receipt
    assert "0912555666" not in receipt
    assert "Nhà có 5 người" not in receipt  # what was asked stays with the officers


@pytest.mark.django_db
def test_a_receipt_code_is_short_unambiguous_and_found_however_it_is_typed(client, units):
    request = make_request(unit=units["Thôn Bản Phố 2"])
    code = request.receipt_code

    assert len(code) == 8
    assert set(code) <= set(ALPHABET)
    assert not set(code) & set("01OIL")
    assert normalize_code(f" {code[:4].lower()}-{code[4:]} ") == code
    response = client.get("/yeu-cau/tra-cuu/", {"code": f"{code[:4]} {code[4:]}".lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/yeu-cau/bien-nhan/{code}/"
    missing = client.get("/yeu-cau/tra-cuu/", {"code": "2222-2222"})
    assert "Không có yêu cầu nào với mã này" in missing.content.decode()
    assert client.get("/yeu-cau/bien-nhan/2222-2222/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "changes", "field", "message"),
    [
        ("no name", {"requester_name": " "}, "requester_name", "Hãy nhập họ tên người yêu cầu."),
        ("bad phone", {"requester_phone": "12345"}, "requester_phone", "Số điện thoại không hợp lệ"),
        ("no phone", {"requester_phone": ""}, "requester_phone", "Hãy nhập số điện thoại"),
        ("no text", {"description": "   "}, "description", "Hãy viết nội dung yêu cầu."),
        ("another commune's village", {"unit": "LP"}, "unit", "Hãy chọn thôn, tổ dân phố nơi bạn ở."),
        ("no category", {"category": "weapons"}, "category", "Hãy chọn loại yêu cầu."),
    ],
)
def test_bad_input_on_the_public_form_is_refused_and_nothing_saved(
    client, units, _case, changes, field, message
):
    data = _form(units["Thôn Bản Phố 1"], **changes)
    if data["unit"] == "LP":
        data["unit"] = units["Thôn Lùng Phình"].pk

    response = client.post(f"/yeu-cau/gui/?noi={units['Xã Bản Phố'].pk}", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ResidentRequest.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_200_requests_a_minute_from_one_address_are_refused_beyond_the_limit(client, units):
    village = units["Thôn Bản Phố 1"]
    url = f"/yeu-cau/gui/?noi={units['Xã Bản Phố'].pk}"
    rates = {**settings.PHAODAI_RATES, "resident_requests": f"{LIMIT}/min"}

    with override_settings(PHAODAI_RATES=rates):
        responses = [
            client.post(url, _form(village, description=f"Yêu cầu số {n}"), REMOTE_ADDR="203.0.113.7")
            for n in range(200)
        ]
        from_elsewhere = client.post(
            url, _form(village, description="Từ nhà khác"), REMOTE_ADDR="203.0.113.8"
        )

    saved = ResidentRequest.objects.unscoped()
    assert [r.status_code for r in responses[:LIMIT]] == [302] * LIMIT
    assert [r.status_code for r in responses[LIMIT:]] == [429] * (200 - LIMIT)
    refused = responses[-1].content.decode()
    assert "quá nhiều yêu cầu trong thời gian ngắn, nên yêu cầu này chưa được gửi" in refused
    assert "Hãy thử lại sau 1 phút" in refused
    assert responses[-1]["Retry-After"].isdigit()
    assert saved.count() == LIMIT + 1
    assert sorted(saved.values_list("description", flat=True)) == sorted(
        [f"Yêu cầu số {n}" for n in range(LIMIT)] + ["Từ nhà khác"]
    )
    assert from_elsewhere.status_code == 302
    assert AuditEvent.objects.filter(event="requests_desk.request_received").count() == LIMIT + 1


@pytest.mark.django_db
def test_the_public_pages_carry_the_strict_content_security_policy(client, units):
    response = client.get("/yeu-cau/gui/", {"noi": units["Xã Bản Phố"].pk})

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "style=" not in response.content.decode()


@pytest.mark.django_db
def test_a_map_that_ended_is_still_offered_when_no_map_of_today_is_loaded(client, units):
    """The demo keeps its records on the 2021 map, which ended with the 2025 reform: the form
    offers that map rather than nothing; once a map of today is loaded, only that one."""
    from phaodai.areas.models import AdminUnit, MapEra
    from phaodai.areas.tests.factories import make_area_tree

    AdminUnit.objects.unscoped().update(valid_to=dt.date(2025, 6, 30))
    ended = client.get("/yeu-cau/gui/").content.decode()
    assert "Tỉnh Lào Cai" in ended
    assert "Tỉnh Lai Châu" in ended
    assert "Huyện Bắc Hà" in client.get("/yeu-cau/gui/", {"noi": units["Tỉnh Lào Cai"].pk}).content.decode()

    era = MapEra.objects.create(code="2025-test", name="Bản đồ 2025", valid_from=dt.date(2025, 7, 1))
    make_area_tree(("Tỉnh Lào Cai (2025)", ["Xã Bắc Hà"]), era=era)
    today = client.get("/yeu-cau/gui/").content.decode()
    assert "Tỉnh Lào Cai (2025)" in today
    assert "Tỉnh Lai Châu" not in today
