"""Welfare's API: marking with an ETag, editing with If-Match, packages with stock, deliveries."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from phaodai.people.tests.factories import make_household
from phaodai.welfare.models import Delivery
from phaodai.welfare.tests.factories import make_package


@pytest.fixture
def api(commune_leader):
    client = APIClient()
    client.force_authenticate(commune_leader)
    return client


@pytest.mark.django_db
def test_mark_edit_and_deliver_through_the_api(api, units, commune_leader):
    household = make_household(unit=units["Thôn Bản Phố 1"], code="BP1-200")
    package = make_package(actor=commune_leader, unit=units["Xã Bản Phố"], stock=4)

    marked = api.post(
        "/api/v1/welfare/households/",
        {"household": household.pk, "vulnerabilities": ["disabled"], "needs": "Xe lăn"},
        format="json",
    )
    record_id = marked.json()["id"]
    edited = api.patch(
        f"/api/v1/welfare/households/{record_id}/",
        {"needs": "Gạo"},
        format="json",
        HTTP_IF_MATCH=marked["ETag"],
    )
    delivered = api.post(
        "/api/v1/welfare/deliveries/",
        {
            "package": package.pk,
            "household": household.pk,
            "quantity": 3,
            "delivered_on": dt.date.today().isoformat(),  # noqa: DTZ011
            "delivered_by": "Hội Cựu chiến binh",
        },
        format="json",
    )
    packages = api.get("/api/v1/welfare/packages/").json()["results"]
    listed = api.get("/api/v1/welfare/households/").json()["results"]

    assert marked.status_code == 201
    assert edited.json()["needs"] == "Gạo"
    assert edited["ETag"] == '"v2"'
    assert delivered.status_code == 201
    assert [(p["received"], p["delivered"], p["stock"]) for p in packages] == [(4, 3, 1)]
    assert listed[0]["reached_this_week"] is True


@pytest.mark.django_db
def test_a_delivery_to_a_household_outside_the_jurisdiction_is_refused_by_the_api(api, units, commune_leader):
    outside = make_household(unit=units["Thôn Lùng Phình"], code="LP-200")
    package = make_package(actor=commune_leader, unit=units["Xã Bản Phố"], stock=4)

    response = api.post(
        "/api/v1/welfare/deliveries/",
        {
            "package": package.pk,
            "household": outside.pk,
            "quantity": 1,
            "delivered_on": "2026-11-30",
            "delivered_by": "Hội Phụ nữ",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["household"] == [
        "Không tìm thấy hộ gia đình này trong địa bàn của bạn."
    ]
    assert Delivery.objects.unscoped().count() == 0
