"""Case and facility pages: lists with filters, the case page with its reasons, transfer, due lists,
facility occupancy by day, export, the person page's health timeline, access logging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from phaodai.audit.models import AccessLog, AuditEvent
from phaodai.cases.enums import BedKind, CareSetting, HowFound, Severity
from phaodai.cases.models import Case
from phaodai.cases.services import case_severity_change
from phaodai.cases.tests.factories import make_case
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(units, health_officer, patient, elder):
    a = make_case(
        person=patient,
        actor=health_officer,
        confirmed_on=dt.date(2022, 2, 10),
        how_found=HowFound.SCREENING,
        respiratory_rate=18,
        spo2=98,
    )
    b = make_case(
        person=elder, actor=health_officer, confirmed_on=dt.date(2022, 2, 11), how_found=HowFound.CHECKPOINT
    )
    return a, b


def test_case_list_filters(client, health_officer, two_cases):
    _a, _b = two_cases
    client.force_login(health_officer)
    page = client.get(reverse("cases:case_list")).content.decode()
    assert "Vàng Seo Lử" in page
    assert "Sùng Thị Dua" in page
    filtered = client.get(reverse("cases:case_list"), {"how_found": "checkpoint"}).content.decode()
    assert "Sùng Thị Dua" in filtered
    assert "Vàng Seo Lử" not in filtered
    partial = client.get(
        reverse("cases:case_list"),
        {"how_found": "screening"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    assert partial.content.decode().lstrip().startswith('<section id="results"')


def test_case_list_of_another_commune_is_empty(client, other_commune_leader, two_cases):
    client.force_login(other_commune_leader)
    page = client.get(reverse("cases:case_list")).content.decode()
    assert "Vàng Seo Lử" not in page
    assert "Chưa có ca bệnh nào trong địa bàn này." in page


def test_case_page_shows_decisions_with_reasons_and_logs_the_reading(client, health_officer, two_cases):
    a, _b = two_cases
    client.force_login(health_officer)
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": a.pk})).content.decode()
    assert "Điều kiện điều trị tại nhà" in page
    assert "Nhịp thở 18 lần/phút, đạt (cần &lt; 20)." in page
    assert "Theo Điều kiện quản lý F0 tại nhà theo Quyết định 261/QĐ-BYT (261/QĐ-BYT)" in page
    assert "Nếu còn dương tính: cách ly đến ngày 24/02/2022." in page
    assert "Chưa xác minh" in page  # the risk table is unverified
    assert AccessLog.objects.filter(target_type="cases.case", target_id=a.pk, kind="viewed").count() == 1


def test_severity_form_on_the_page(client, health_officer, two_cases):
    a, _b = two_cases
    client.force_login(health_officer)
    response = client.post(
        reverse("cases:case_severity", kwargs={"case_id": a.pk}),
        {"severity": "moderate", "on": "12/02/2022", "reason": "Sốt cao", "version": a.version},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.severity == Severity.MODERATE


def test_a_second_officer_saving_is_told_what_changed(client, health_officer, two_cases):
    a, _b = two_cases
    client.force_login(health_officer)
    url = reverse("cases:case_edit", kwargs={"case_id": a.pk})
    form = {
        "unit": a.unit_id,
        "confirmed_on": "10/02/2022",
        "how_found": "screening",
        "vaccination_status": "unvaccinated",
        "respiratory_rate": "18",
        "spo2": "98",
        "can_self_care": "on",
        "can_contact_staff": "on",
        "version": a.version,
    }
    first = client.post(url, {**form, "notes": "Đã phát thuốc"})
    assert first.status_code == 302
    second = client.post(url, {**form, "source_known": "on"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Đã phát thuốc" in page
    a.refresh_from_db()
    assert (a.source_known, a.notes, a.version) == (False, "Đã phát thuốc", 2)


def test_transfer_page_proposes_facilities_and_transfers(client, health_officer, facilities, two_cases):
    a, _b = two_cases
    client.force_login(health_officer)
    url = reverse("cases:case_transfer", kwargs={"case_id": a.pk})
    page = client.get(url, {"care_setting": "district", "bed_kind": "ordinary"}).content.decode()
    assert page.index("Khu điều trị Bắc Hà") < page.index("Khu điều trị Si Ma Cai")
    response = client.post(
        url,
        {
            "save": "1",
            "care_setting": "district",
            "bed_kind": "ordinary",
            "facility": facilities["bac_ha"].pk,
            "on": "12/02/2022",
            "reason": "Không tự chăm sóc được",
            "version": a.version,
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.care_setting, a.facility_id, a.bed_kind) == (
        CareSetting.DISTRICT,
        facilities["bac_ha"].pk,
        BedKind.ORDINARY,
    )
    refused = client.post(
        url,
        {
            "save": "1",
            "care_setting": "district",
            "bed_kind": "icu",
            "facility": facilities["bac_ha"].pk,
            "on": "13/02/2022",
            "reason": "x",
            "version": a.version,
        },
    )
    assert refused.status_code == 200  # no ICU at Bắc Hà: not proposed, so not accepted


def test_due_page(client, health_officer, two_cases):
    client.force_login(health_officer)
    page = client.get(reverse("cases:due")).content.decode()
    assert "Cần xét nghiệm hôm nay để kết thúc cách ly" in page
    assert "Quá hạn, chưa kết thúc (2)" in page  # both ended their isolation in 2022


def test_facility_page_shows_occupancy_by_day(client, district_health, facilities, units):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], birth_date=dt.date(1970, 1, 1))
    make_case(
        person=person,
        confirmed_on=timezone.localdate() - dt.timedelta(days=2),
        care_setting=CareSetting.DISTRICT,
        facility=facilities["bac_ha"],
        bed_kind=BedKind.OXYGEN,
    )
    client.force_login(district_health)
    page = client.get(
        reverse("cases:facility_detail", kwargs={"facility_id": facilities["bac_ha"].pk})
    ).content.decode()
    assert "Giường có người bệnh theo ngày" in page
    assert "1/1" in page  # oxygen: 1 occupied of 1
    assert page.count("<tr>") == 15  # the header and 14 days


def test_export_needs_a_purpose_and_is_audited(client, health_officer, two_cases):
    client.force_login(health_officer)
    asked = client.get(reverse("cases:case_export"))
    assert "Mục đích sử dụng danh sách" in asked.content.decode()
    response = client.get(reverse("cases:case_export"), {"purpose": "Báo cáo huyện hằng ngày", "fmt": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Mã ca,Họ và tên,Năm sinh,Xã quản lý,Ngày khẳng định")
    assert len(body.splitlines()) == 3
    assert AuditEvent.objects.filter(event="cases.cases_exported").get().reason == "Báo cáo huyện hằng ngày"


def test_person_page_shows_the_health_timeline(client, health_officer, two_cases, patient):
    a, _b = two_cases
    case_severity_change(
        actor=health_officer,
        case=a,
        expected_version=None,
        severity=Severity.MODERATE,
        on=dt.date(2022, 2, 12),
        reason="Khó thở",
    )
    client.force_login(health_officer)
    page = client.get(reverse("people:detail", kwargs={"person_id": patient.pk})).content.decode()
    assert "Diễn biến sức khỏe" in page
    assert page.index("10/02/2022") < page.index("12/02/2022")
    assert "Mức độ: Trung bình" in page
    assert "Đang là ca bệnh, khẳng định ngày 10/02/2022" in page


def test_create_page_from_the_person(client, health_officer, units):
    person = make_person(residence_unit=units["Thôn Bản Phố 2"], birth_date=dt.date(1990, 3, 3))
    client.force_login(health_officer)
    url = reverse("cases:case_create") + f"?person={person.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "unit": units["Xã Bản Phố"].pk,
            "confirmed_on": "10/02/2022",
            "how_found": "community",
            "vaccination_status": "full",
            "care_setting": "home",
            "can_self_care": "on",
            "can_contact_staff": "on",
        },
    )
    assert response.status_code == 302
    assert Case.objects.unscoped().get().person == person
    before_birth = client.post(
        url,
        {
            "unit": units["Xã Bản Phố"].pk,
            "confirmed_on": "10/02/1989",
            "how_found": "community",
            "vaccination_status": "full",
            "care_setting": "home",
        },
    )
    assert "trước ngày sinh của người bệnh (03/03/1990)" in before_birth.content.decode()
    assert Case.objects.unscoped().count() == 1


def test_due_page_lists_open_proposals_with_the_way_to_confirm(
    client, health_officer, commune_leader, patient
):
    from phaodai.cases.tests.test_services import _proposal

    proposal, _result = _proposal(health_officer, patient, dt.date(2022, 2, 8))
    confirm = reverse("cases:case_confirm", kwargs={"proposal_id": proposal.pk})

    client.force_login(health_officer)
    page = client.get(reverse("cases:due")).content.decode()
    assert "Đề xuất ca F0 chờ khẳng định (1)" in page
    assert patient.full_name in page
    assert f'href="{confirm}"' in page

    client.force_login(commune_leader)  # sees the proposal, may not confirm it
    page = client.get(reverse("cases:due")).content.decode()
    assert "Đề xuất ca F0 chờ khẳng định (1)" in page
    assert f'href="{confirm}"' not in page


def test_deleting_a_case_entered_by_mistake_on_the_page_with_its_version(client, health_officer, two_cases):
    case, _other = two_cases
    client.force_login(health_officer)
    url = reverse("cases:case_delete", args=[case.pk])
    stale_version = case.version
    case_severity_change(
        actor=health_officer,
        case=case,
        severity=Severity.MODERATE,
        on=dt.date(2022, 2, 12),
        reason="sốt",
        expected_version=case.version,
    )

    stale = client.post(url, {"reason": "nhập nhầm", "version": stale_version})
    shown = client.get(url)
    case.refresh_from_db()
    deleted = client.post(url, {"reason": "nhập nhầm", "version": case.version})

    assert stale.status_code == 400
    assert "Ca bệnh vừa được người khác cập nhật; hãy xem lại trước khi xóa." in stale.content.decode()
    assert f'name="version" value="{case.version}"' in shown.content.decode()
    assert deleted.status_code == 302
    assert not Case.objects.unscoped().filter(pk=case.pk).exists()
    assert (
        AuditEvent.objects.filter(event="cases.case_deleted", target_id=case.pk, reason="nhập nhầm").count()
        == 1
    )
