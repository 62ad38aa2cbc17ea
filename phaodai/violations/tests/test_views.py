"""The violations pages: list with search and filters, the form (a negative fine refused), export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job
from phaodai.violations.enums import Decision
from phaodai.violations.models import Violation
from phaodai.violations.tests.factories import make_violation


@pytest.fixture
def violations(units):
    return {
        "mask": make_violation(unit=units["Thôn Bản Phố 1"], offender_name="Hoàng Văn Đức"),
        "karaoke": make_violation(
            unit=units["Thôn Bản Phố 2"],
            offender_name="Karaoke Hoa Hồng",
            rule_text="Kinh doanh dịch vụ thuộc diện tạm dừng hoạt động",
            decision=Decision.FINE,
            fine_amount=15_000_000,
            decision_number="21/QĐ-XPHC",
        ),
        "elsewhere": make_violation(unit=units["Thôn Lùng Phình"], offender_name="Sùng A Páo"),
    }


@pytest.mark.django_db
def test_the_list_searches_without_diacritics_and_filters(client, commune_leader, violations):
    client.force_login(commune_leader)

    everything = client.get(reverse("violations:violation_list")).content.decode()
    found = client.get(reverse("violations:violation_list"), {"q": "hoa hong"}).content.decode()
    fines = client.get(reverse("violations:violation_list"), {"decision": "fine"}).content.decode()

    assert ("Hoàng Văn Đức" in everything, "Karaoke Hoa Hồng" in everything, "Sùng A Páo" in everything) == (
        True,
        True,
        False,
    )
    assert ("Karaoke Hoa Hồng" in found, "Hoàng Văn Đức" in found) == (True, False)
    assert ("Karaoke Hoa Hồng" in fines, "Hoàng Văn Đức" in fines) == (True, False)


@pytest.mark.django_db
def test_the_form_refuses_a_negative_fine_with_a_clear_message_and_saves_nothing(
    client, commune_leader, units
):
    client.force_login(commune_leader)
    response = client.post(
        reverse("violations:violation_create") + f"?unit={units['Xã Bản Phố'].pk}",
        {
            "unit": units["Thôn Bản Phố 1"].pk,
            "offender_kind": "other",
            "offender_name": "Lý Văn Sử",
            "rule_text": "Không đeo khẩu trang nơi công cộng",
            "legal_basis": "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
            "place": "Chợ phiên",
            "occurred_at": "2021-08-20T09:30",
            "decision": "fine",
            "fine_amount": "-2000000",
            "decision_number": "12/QĐ-XPHC",
            "decision_date": "21/08/2021",
            "payment_status": "unpaid",
        },
    )

    assert response.status_code == 200
    assert "Số tiền phạt phải lớn hơn 0 đồng." in response.content.decode()
    assert Violation.objects.unscoped().count() == 0
    assert AuditEvent.objects.unscoped().filter(event__startswith="violations.").count() == 0


@pytest.mark.django_db
def test_the_form_records_a_violation(client, commune_leader, units):
    client.force_login(commune_leader)
    response = client.post(
        reverse("violations:violation_create") + f"?unit={units['Xã Bản Phố'].pk}",
        {
            "unit": units["Thôn Bản Phố 1"].pk,
            "offender_kind": "other",
            "offender_name": "Lý Văn Sử",
            "rule_text": "Không đeo khẩu trang nơi công cộng",
            "legal_basis": "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
            "place": "Chợ phiên",
            "occurred_at": "2021-08-20T09:30",
            "decision": "fine",
            "fine_amount": "2000000",
            "decision_number": "12/QĐ-XPHC",
            "decision_date": "21/08/2021",
            "payment_status": "unpaid",
        },
    )

    violation = Violation.objects.unscoped().get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "violations:violation_detail", kwargs={"violation_id": violation.pk}
    )
    assert (violation.fine_amount, violation.decision_date) == (2_000_000, dt.date(2021, 8, 21))
    page = client.get(response["Location"]).content.decode()
    assert "2.000.000" in page or "2,000,000" in page


@pytest.mark.django_db
def test_export_asks_for_a_purpose_then_writes_the_filtered_list(client, commune_leader, violations):
    client.force_login(commune_leader)
    url = reverse("violations:violation_export")

    asked = client.get(url, {"decision": "fine"})
    exported = client.get(url, {"decision": "fine", "fmt": "csv", "purpose": "Báo cáo huyện về xử phạt"})

    assert "Danh sách đang lọc có 1 vi phạm." in asked.content.decode()
    body = b"".join(exported.streaming_content).decode("utf-8-sig").splitlines()
    assert len(body) == 2
    assert "Karaoke Hoa Hồng" in body[1]
    assert "15000000" in body[1]
    assert AccessLog.objects.unscoped().get().purpose == "Báo cáo huyện về xử phạt"
    assert AuditEvent.objects.unscoped().get(event="violations.violations_exported").params == {"n": 1}


@pytest.mark.django_db
def test_a_long_list_is_exported_by_a_job_that_keeps_the_filters_and_the_purpose(
    client, commune_leader, violations, settings, django_capture_on_commit_callbacks
):
    settings.PHAODAI_EXPORT_SYNC_ROWS = 0
    client.force_login(commune_leader)
    url = reverse("violations:violation_export")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, {"decision": "fine", "fmt": "csv", "purpose": "Báo cáo huyện về xử phạt"})

    job = Job.objects.unscoped().latest("pk")
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    assert (job.status, job.result["count"], job.label) == (JobStatus.SUCCEEDED, 1, "Xuất 1 vi phạm ra CSV")
    download = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    body = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert len(body) == 2
    assert "Karaoke Hoa Hồng" in body[1]
    assert AccessLog.objects.unscoped().get().purpose == "Báo cáo huyện về xử phạt"
    event = AuditEvent.objects.unscoped().get(event="violations.violations_exported")
    assert (event.params, event.actor) == ({"n": 1}, commune_leader)


@pytest.mark.django_db
def test_a_community_member_cannot_export(client, community_member, violations):
    client.force_login(community_member)
    assert client.get(reverse("violations:violation_export")).status_code == 403
