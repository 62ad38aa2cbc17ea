"""A case with home-care monitoring is a health record that is never deleted: the page, the API
and the service refuse with what holds it (``cases.delete_has_records``), nothing deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from phaodai.api.tests.clients import token_client
from phaodai.audit.models import AuditEvent
from phaodai.cases import services as case_services
from phaodai.cases.models import Case
from phaodai.homecare import services
from phaodai.homecare.enums import Slot
from phaodai.homecare.models import MonitoringEntry, MonitoringLink
from phaodai.homecare.tests.factories import local

DAY = dt.date(2022, 2, 11)
REFUSAL = (
    "Không xóa được ca bệnh: đã có 2 phiếu theo dõi sức khỏe, 1 đường dẫn tự theo dõi gắn với ca bệnh "
    "này. Hồ sơ y tế đã có theo dõi không được xóa; nếu ca bệnh nhập nhầm, hãy ghi rõ ở phần ghi chú "
    "rồi kết thúc ca bệnh."
)


@pytest.fixture
def monitored(health_staff, home_case):
    for slot, hour in ((Slot.MORNING, 9), (Slot.AFTERNOON, 15)):
        services.entry_create(
            actor=health_staff,
            case=home_case,
            day=DAY,
            slot=slot,
            values={"spo2": "98"},
            now=local(DAY, hour),
        )
    services.link_create(actor=health_staff, case=home_case, now=local(DAY, 16))
    home_case.refresh_from_db()
    return home_case


def _untouched(case):
    assert Case.objects.unscoped().filter(pk=case.pk).exists()
    assert MonitoringEntry.objects.unscoped().filter(case=case).count() == 2
    assert MonitoringLink.objects.unscoped().filter(case=case).count() == 1
    assert not AuditEvent.objects.filter(event="cases.case_deleted").exists()


@pytest.mark.django_db
def test_the_service_refuses_with_what_holds_the_case(health_staff, monitored):
    with pytest.raises(ValidationError) as refused:
        case_services.case_delete(
            actor=health_staff, case=monitored, reason="nhập nhầm", expected_version=monitored.version
        )

    assert refused.value.code == "cases.delete_has_records"
    assert refused.value.messages == [REFUSAL]
    _untouched(monitored)


@pytest.mark.django_db
def test_the_page_says_so_before_and_after_posting(client, health_staff, monitored):
    client.force_login(health_staff)
    url = reverse("cases:case_delete", kwargs={"case_id": monitored.pk})

    shown = client.get(url)
    posted = client.post(url, {"reason": "nhập nhầm", "version": monitored.version})

    assert shown.status_code == 200
    assert REFUSAL in shown.content.decode()
    assert 'name="reason"' not in shown.content.decode()  # no form to fill in for nothing
    assert posted.status_code == 400
    assert REFUSAL in posted.content.decode()
    _untouched(monitored)


@pytest.mark.django_db
def test_the_api_answers_400_with_the_code(health_staff, monitored):
    api = token_client(health_staff)

    response = api.delete(
        f"/api/v1/cases/{monitored.pk}/",
        {"reason": "nhập nhầm"},
        format="json",
        HTTP_IF_MATCH=f'"v{monitored.version}"',
    )

    assert response.status_code == 400
    body = response.json()
    assert body["error"]["codes"] == {"non_field_errors": ["cases.delete_has_records"]}
    assert REFUSAL in str(body)
    _untouched(monitored)
