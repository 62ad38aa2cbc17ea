"""The violations API: list, create, ETag and If-Match on edits, a negative fine refused."""

from __future__ import annotations

import pytest

from phaodai.accounts.services import token_issue
from phaodai.violations.models import Violation
from phaodai.violations.tests.factories import make_violation


def _client(client, user):
    _token, key = token_issue(user=user, name="test", audited=False)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


@pytest.mark.django_db
def test_create_refuses_a_negative_fine_with_the_rules_message(client, commune_leader, units):
    api = _client(client, commune_leader)
    response = api.post(
        "/api/v1/violations/",
        {
            "unit": units["Thôn Bản Phố 1"].pk,
            "offender_kind": "other",
            "offender_name": "Lý Văn Sử",
            "rule_text": "Không đeo khẩu trang",
            "legal_basis": "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
            "place": "Chợ",
            "occurred_at": "2021-08-20T09:30:00+07:00",
            "decision": "fine",
            "fine_amount": -100,
            "decision_number": "1/QĐ",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["fine_amount"] == ["Số tiền phạt phải lớn hơn 0 đồng."]
    assert error["codes"]["fine_amount"] == ["violations.fine_amount_not_positive"]
    assert Violation.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_an_edit_needs_the_etag_and_a_stale_one_is_refused(client, commune_leader, units):
    violation = make_violation(unit=units["Thôn Bản Phố 1"])
    api = _client(client, commune_leader)
    url = f"/api/v1/violations/{violation.pk}/"

    read = api.get(url)
    without = api.patch(url, {"place": "Cổng chợ"}, content_type="application/json")
    saved = api.patch(url, {"place": "Cổng chợ"}, content_type="application/json", HTTP_IF_MATCH=read["ETag"])
    stale = api.patch(url, {"place": "Bến xe"}, content_type="application/json", HTTP_IF_MATCH=read["ETag"])

    assert (read.status_code, read["ETag"]) == (200, '"v1"')
    assert without.status_code == 428
    assert (saved.status_code, saved["ETag"], saved.json()["place"]) == (200, '"v2"', "Cổng chợ")
    assert stale.status_code == 412
    violation.refresh_from_db()
    assert violation.place == "Cổng chợ"


@pytest.mark.django_db
def test_the_list_is_limited_to_the_jurisdiction(client, commune_leader, units):
    make_violation(unit=units["Thôn Bản Phố 1"], offender_name="Hoàng Văn Đức")
    make_violation(unit=units["Thôn Lùng Phình"], offender_name="Sùng A Páo")

    names = [
        row["offender_name"]
        for row in _client(client, commune_leader).get("/api/v1/violations/").json()["results"]
    ]

    assert names == ["Hoàng Văn Đức"]
