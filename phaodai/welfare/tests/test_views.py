"""Welfare pages: the list with the figure, marking, a delivery entered on a phone, refusals."""

from __future__ import annotations

import pytest
from django.utils import timezone

from phaodai.people.tests.factories import make_household
from phaodai.welfare.models import Delivery, VulnerableHousehold
from phaodai.welfare.tests.factories import make_package, make_vulnerable


@pytest.mark.django_db
def test_marking_a_household_and_delivering_to_it_on_the_pages(client, units, commune_leader):
    household = make_household(unit=units["Thôn Bản Phố 1"], code="BP1-100")
    package = make_package(actor=commune_leader, unit=units["Xã Bản Phố"], stock=3)
    client.force_login(commune_leader)
    commune = units["Xã Bản Phố"].pk

    mark = client.post(
        f"/an-sinh/ho/danh-dau/?unit={commune}",
        {"household": household.pk, "vulnerabilities": ["elderly_alone"], "needs": "Gạo"},
    )
    before = client.get(f"/an-sinh/?unit={commune}").content.decode()
    deliver = client.post(
        f"/an-sinh/phat/?unit={commune}",
        {
            "household": household.pk,
            "package": package.pk,
            "quantity": 2,
            "delivered_on": timezone.localdate().strftime("%d/%m/%Y"),
            "delivered_by": "Chi đoàn thôn",
        },
    )
    after = client.get(f"/an-sinh/?unit={commune}").content.decode()
    too_many = client.post(
        f"/an-sinh/phat/?unit={commune}",
        {
            "household": household.pk,
            "package": package.pk,
            "quantity": 5,
            "delivered_on": timezone.localdate().strftime("%d/%m/%Y"),
            "delivered_by": "Chi đoàn thôn",
        },
    )

    assert mark.status_code == 302
    assert VulnerableHousehold.objects.unscoped().get().household == household
    assert "0/1" in before
    assert deliver.status_code == 302
    assert "1/1" in after
    assert "Trong kho chỉ còn 1 suất Gạo 10 kg; không phát được 5." in too_many.content.decode()
    assert Delivery.objects.unscoped().count() == 1
    package_page = client.get(f"/an-sinh/hang/{package.pk}/").content.decode()
    assert "data-stock>1</strong>" in package_page


@pytest.mark.django_db
def test_a_delivery_posted_for_a_household_of_another_commune_is_refused(client, units, commune_leader):
    outside = make_household(unit=units["Thôn Lùng Phình"], code="LP-100")
    package = make_package(actor=commune_leader, unit=units["Xã Bản Phố"], stock=3)
    client.force_login(commune_leader)

    response = client.post(
        f"/an-sinh/phat/?unit={units['Xã Bản Phố'].pk}",
        {
            "household": outside.pk,
            "package": package.pk,
            "quantity": 1,
            "delivered_on": timezone.localdate().strftime("%d/%m/%Y"),
            "delivered_by": "Chi đoàn thôn",
        },
    )

    assert response.status_code == 200
    assert "Hộ gia đình này nằm ngoài địa bàn bạn phụ trách." in response.content.decode()
    assert Delivery.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_the_home_page_shows_the_nobody_goes_hungry_card(client, units, commune_leader):
    make_vulnerable(actor=commune_leader, household=make_household(unit=units["Thôn Bản Phố 1"]))
    client.force_login(commune_leader)

    home = client.get("/").content.decode()

    assert "Không để ai thiếu đói" in home
    assert "0/1" in home
    assert "Yêu cầu của người dân" in home


@pytest.mark.django_db
def test_the_export_of_vulnerable_households_needs_a_purpose_and_is_audited(
    client, units, commune_leader, district_leader
):
    from phaodai.audit.models import AccessLog, AuditEvent

    make_vulnerable(
        actor=commune_leader, household=make_household(unit=units["Thôn Bản Phố 1"], code="BP1-900")
    )
    make_vulnerable(
        actor=district_leader, household=make_household(unit=units["Thôn Lùng Phình"], code="LP-900")
    )
    client.force_login(commune_leader)

    ask = client.get("/an-sinh/xuat/")
    response = client.get("/an-sinh/xuat/", {"purpose": "Lập danh sách phát gạo", "fmt": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Mục đích sử dụng danh sách" in ask.content.decode()
    assert body.splitlines()[0].startswith("Mã hộ,Chủ hộ,Địa chỉ")
    assert "BP1-900" in body
    assert "LP-900" not in body
    assert AuditEvent.objects.filter(event="welfare.households_exported").get().changes["count"] == 1
    assert AccessLog.objects.filter(purpose="Lập danh sách phát gạo").count() == 1
